"""`provenance audit` without the command line: :mod:`.walk` and :mod:`.sources` list the files,
:mod:`.pool` inspects them in isolated worker processes, :mod:`.engine` (local) and :mod:`.dask_engine`
run a whole audit and hand each typed :mod:`.record` to a sink, :mod:`.state` counts them;
:func:`.partition.inspect_partition` is the entry point for users' own Dask or Spark jobs."""
