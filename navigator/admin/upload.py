"""An uploaded import file carried from the review page to "apply" inside the form, signed.

Nothing is stored between the two requests, so any worker on any host can apply what was
reviewed; the signature (HMAC with SECRET_KEY) proves the bytes are the ones uploaded here.
"""
from __future__ import annotations

import base64
import gzip
import hashlib
import hmac

MAX_UPLOAD = 20 * 1024 * 1024


def _sign(secret: str, payload: str, filename: str) -> str:
    return hmac.new(secret.encode(), f"{filename}\n{payload}".encode(), hashlib.sha256).hexdigest()


def pack(content: bytes, filename: str, secret: str) -> tuple[str, str]:
    """(payload, signature) for hidden form fields."""
    payload = base64.b64encode(gzip.compress(content, mtime=0)).decode()
    return payload, _sign(secret, payload, filename)


def unpack(payload: str, filename: str, signature: str, secret: str) -> bytes | None:
    """The uploaded bytes, or None when the signature does not match."""
    if not hmac.compare_digest(_sign(secret, payload, filename), signature or ""):
        return None
    try:
        return gzip.decompress(base64.b64decode(payload.encode(), validate=True))
    except (ValueError, OSError):
        return None
