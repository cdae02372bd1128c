"""navigator: North West London's service-navigation assistant.

Importing the package imports nothing else, so `navigator.triage` (plain Python) can be used
without Flask or a database; `create_app` loads the web application when called.
"""
from __future__ import annotations


def create_app(test_config: dict | None = None):
    """Application factory (see navigator.app): config from the environment, then `test_config`."""
    from .app import create_app as _create_app

    return _create_app(test_config)
