"""Writing pages: UTF-8, and whole or not at all (a reader never finds half a file)."""

from __future__ import annotations

from pathlib import Path


def write_whole(path: str | Path, text: str) -> Path:
    """Write ``text`` to ``path`` as UTF-8 through a temporary file renamed into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)
    return path
