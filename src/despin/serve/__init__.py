"""HTTP front end: JSON API, LanguageTool-compatible ``/v2/check`` and a web page."""

from despin.serve.app import Settings, create_app

__all__ = ["Settings", "create_app"]
