"""zhidu (制度): a records toolkit for community Party branches."""

__version__ = "0.1.0"
