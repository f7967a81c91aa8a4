"""C2PA Content Credentials: :mod:`.sdk` reads a file with the C2PA SDK (the only module that imports it),
:mod:`.store` holds the typed result. Importing this package does not load the SDK."""
