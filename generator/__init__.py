"""clientgen: typed Python client packages from OpenAPI descriptions."""

__version__ = "0.1.0"
