"""zwgk-audit: the Scrapy project, its configuration and the `zwgk` command."""

__version__ = "0.1.0"
RULES_VERSION = "2026.11"
