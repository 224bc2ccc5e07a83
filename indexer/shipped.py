"""Settings that name a file shipped for the bundled model: "bundled", "none" or a path."""

from __future__ import annotations

from pathlib import Path


def shipped_path(setting: str, model: str, default_model: str, bundled: Path) -> Path | None:
    """`bundled` for "bundled" with the model it was trained for (None with another model, whose
    vectors or words it does not know), None for "none", else the path the setting gives."""
    if setting == "none":
        return None
    if setting == "bundled":
        return bundled if model == default_model else None
    return Path(setting)
