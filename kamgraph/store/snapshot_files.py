"""The files of the snapshot cache in an embedded store's directory (``<store>/cache/``), named by key and token.

The store owns the directory because it alone knows when the data changes: every write ends by setting a
fresh random token on the store (``cypher/set_store_token.cypher``, in the write's own transaction), and
the store then deletes every cached file of another token (:func:`keep_only`), as it does before the
write. A cached file is ``<key digest>.<token>.snapshot``: the token it was built at is in its name, so a
file of an older state of the data is never read and is found and deleted without being opened.
What a file holds, and whether it may be trusted, is :mod:`kamgraph.snapshot_cache`'s business.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

SUFFIX = ".snapshot"
CACHE_DIRNAME = "cache"


def _digest(key: str) -> str:
    """A file-name-safe stand-in for a key (account ids may hold any character)."""
    import hashlib  # here, as tempfile below: a command that lists accounts need not load them

    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:40]


def path_for(directory: Path, key: str, token: str) -> Path:
    return directory / f"{_digest(key)}.{token}{SUFFIX}"


def _files(directory: Path) -> list[Path]:
    try:
        return [entry for entry in directory.iterdir() if entry.name.endswith(SUFFIX) or ".tmp" in entry.name]
    except OSError:  # no cache directory yet, or unreadable: nothing cached
        return []


def _token_of(path: Path) -> str | None:
    parts = path.name.split(".")
    return parts[1] if len(parts) == 3 and path.name.endswith(SUFFIX) else None


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


def keep_only(directory: Path | None, token: str | None) -> None:
    """Delete every cached file not built at ``token`` (all of them when ``token`` is None), and stray temporary ones."""
    if directory is None:
        return
    for path in _files(directory):
        if token is None or _token_of(path) != token:
            _remove(path)


def remove_key(directory: Path, key: str) -> None:
    """Delete every cached file of ``key``, whatever its token."""
    prefix = _digest(key) + "."
    for path in _files(directory):
        if path.name.startswith(prefix):
            _remove(path)


def open_cached(directory: Path, key: str, token: str) -> BinaryIO | None:
    """The file cached for ``key`` at ``token``, open for reading; None when there is none or it cannot be read."""
    try:
        return open(path_for(directory, key, token), "rb")  # noqa: SIM115 - the caller closes it
    except OSError:
        return None


def write(directory: Path, key: str, token: str, fill: Callable[[BinaryIO], None],
          like: Path | None = None) -> Path | None:
    """Cache what ``fill(file)`` writes for ``key`` at ``token``, whole or not at all (a temporary file renamed into
    place; written as it is made, never held whole in memory), with the permissions of ``like`` (the store's
    directory) less the right to run, else readable by the owner only. Returns the file, or None when it could
    not be written (a cache that cannot be written is no error)."""
    import tempfile

    target = path_for(directory, key, token)
    try:
        shared = stat.S_IMODE(like.stat().st_mode) if like is not None and like.exists() else 0o700
        directory.mkdir(mode=shared, exist_ok=True)
        mode = shared & 0o666
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=target.name + ".", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                os.fchmod(out.fileno(), mode)
                fill(out)
            os.replace(temporary, target)
        except BaseException:
            _remove(Path(temporary))
            raise
    except Exception:  # noqa: BLE001 - a full disk, a directory not ours: the snapshot is simply not kept
        return None
    return target
