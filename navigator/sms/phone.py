"""Phone numbers: normalise UK numbers and hash them so none is stored or logged in clear."""
from __future__ import annotations

import hashlib
import hmac
import re
from typing import Optional


def normalise_uk_mobile(raw: str) -> Optional[str]:
    """'07700 900123' / '+44 7700 900123' → '+447700900123'; None when it is not a UK mobile."""
    digits = re.sub(r"[^\d+]", "", raw or "")
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if digits.startswith("07") and len(digits) == 11:
        digits = "+44" + digits[1:]
    if re.fullmatch(r"\+447\d{9}", digits):
        return digits
    return None


def normalise_e164(raw: str) -> str:
    """A best-effort E.164 form of any number Twilio sends ('+447700900123' stays as it is)."""
    return normalise_uk_mobile(raw) or re.sub(r"[^\d+]", "", raw or "")


def phone_hash(raw: str, pepper: str) -> str:
    """Keyed hash (HMAC-SHA256 with PHONE_HASH_PEPPER) of the normalised number."""
    return hmac.new(pepper.encode(), normalise_e164(raw).encode(), hashlib.sha256).hexdigest()


def masked(raw: str) -> str:
    """'+447700900123' → '+44 ••• ••• •123': enough for a person to recognise, not to dial."""
    digits = normalise_e164(raw)
    return f"{digits[:3]} ••• ••• •{digits[-3:]}" if len(digits) > 6 else "•••"
