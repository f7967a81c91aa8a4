"""Output formats. Each module renders reports one way; the CLI picks one by name."""
