"""Writing pages: UTF-8, and whole or not at all (a reader never finds half a file)."""

from __future__ import annotations

from pathlib import Path

from kamgraph.errors import KamgraphError


def write_whole(path: str | Path, text: str | bytes) -> Path:
    """Write ``text`` (UTF-8) or bytes to ``path`` through a temporary file renamed into place.

    A path that cannot be written (its folder is a file, no permission, a full disk) is a
    :class:`~kamgraph.errors.KamgraphError` naming the path, and leaves no partial file behind.
    """
    path = Path(path)
    partial = path.with_name(path.name + ".part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        partial.replace(path)
    except OSError as exc:
        if partial.parent.is_dir():
            partial.unlink(missing_ok=True)
        raise KamgraphError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path
