"""The channel's length budget, passed into a turn: the conversation never asks which channel it is."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class Budget:
    """How much room a reply has. `segments` set: a short text channel (compact wording, a text
    line before a phone-only one, fewer services); None: no limit (web)."""

    segments: Optional[int] = None

    @property
    def compact(self) -> bool:
        return self.segments is not None


UNLIMITED = Budget()
