"""Settings that name a file shipped for the bundled model: "bundled", "none" or a path."""

from __future__ import annotations

from pathlib import Path

# The answer reranker (retriever/reranker.py) is off unless asked for: on a 2-core AMD EPYC at
# 2 GHz (AVX2, no int8 dot products) judging eight windows takes ~140 ms, `ask` p50 41 -> 224 ms,
# for +0.003 answer accuracy and +0.03 MRR@10 on the test split and nothing on 85 fresh
# questions. Where the CPU has int8 dot products (VNNI) it costs ~20 ms.
DEFAULT_RERANKER = "none"


def shipped_path(setting: str, model: str, default_model: str, bundled: Path) -> Path | None:
    """`bundled` for "bundled" with the model it was trained for (None with another model, whose
    vectors or words it does not know), None for "none", else the path the setting gives."""
    if setting == "none":
        return None
    if setting == "bundled":
        return bundled if model == default_model else None
    return Path(setting)
