"""GET /api/v1/openapi.json: the API's OpenAPI 3.1 description, kept in one data file (openapi.yaml)."""
from __future__ import annotations

import functools
from pathlib import Path

import yaml
from flask import jsonify

from . import bp

SPEC_FILE = Path(__file__).with_name("openapi.yaml")


@functools.lru_cache(maxsize=1)
def description() -> dict:
    """The parsed description (read once per process)."""
    with open(SPEC_FILE, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@bp.get("/api/v1/openapi.json")
def openapi_json():
    """The OpenAPI document, as JSON."""
    return jsonify(description())
