"""Signal readers: each source of evidence implements :class:`.base.Reader` and is listed, in running
order, in :data:`.registry.REGISTRY`. Importing this package loads none of them.

Registered readers and the modules only they use:

- :mod:`.xmp` (XMP/IPTC properties, remote-manifest pointers) and :mod:`.exif` (EXIF, IPTC-IIM; its
  value decoding in :mod:`.exif_text`) share :mod:`.labels` (AI tool names, Google's credit line, the
  GB 45438 ``AIGC`` label);
- :mod:`.generators` (AI generators' own metadata, one module per family);
- deep, with ``--deep``: :mod:`.stealth` (pixel-LSB metadata; its bit layout in :mod:`.stealth_bits`) and
  :mod:`.watermark` (the dwtDct watermark; the decoder in :mod:`.dwtdct`).

:mod:`.c2pa` is not a registered reader: the pipeline calls it first (C2PA Content Credentials, read with
the SDK, which :mod:`.c2pa.sdk` alone imports).
"""
