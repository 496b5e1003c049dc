"""Durations as deck authors write them: ``90s``, ``10m``, ``2h``, ``3d``."""

from __future__ import annotations

import re
from datetime import timedelta

_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$")


def parse_duration(text: str) -> timedelta:
    """Parse ``<number><unit>`` with unit s, m, h or d; raise ValueError otherwise."""
    match = _DURATION.match(text)
    if not match:
        raise ValueError(
            f"{text!r} is not a duration: write a number and a unit, like 90s, 10m, 2h or 3d"
        )
    value, unit = match.groups()
    delta = timedelta(**{_UNITS[unit]: float(value)})
    if delta <= timedelta(0):
        raise ValueError(f"{text!r} must be longer than zero")
    return delta


def format_interval(delta: timedelta) -> str:
    """A short human interval for a rating key: ``1m``, ``10m``, ``3h``, ``4d``, ``2.1mo``, ``1.5y``."""
    seconds = max(0.0, delta.total_seconds())
    if seconds < 60:
        return "<1m"
    # Each unit is chosen after rounding, so 23 h 50 min reads "1d", not "24h".
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes}m"
    hours = round(seconds / 3600)
    if hours < 24:
        return f"{hours}h"
    days = round(seconds / 86400)
    if days < 30:
        return f"{days}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"
