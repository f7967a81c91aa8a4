"""Signal readers, one module per source of evidence, each implementing :class:`.base.Reader`:
:mod:`.xmp`, :mod:`.exif`, :mod:`.generators` (metadata) and :mod:`.stealth`, :mod:`.watermark` (pixels,
``--deep``), all listed in :data:`.registry.REGISTRY`; :mod:`.c2pa` reads Content Credentials with the SDK.
Importing this package loads none of them."""
