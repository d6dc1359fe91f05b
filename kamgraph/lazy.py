"""Packages whose names load their modules when first used (PEP 562), so that importing a package, or one
light module of it, does not load every library its other modules need."""

from __future__ import annotations

import sys
from collections.abc import Callable
from importlib import import_module


def lazy_names(package: str, where: dict[str, str]) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``, each name in ``where`` loaded from the module given.

    A name is imported on first use and then kept in the package, so later uses cost nothing.
    """
    names = sys.modules[package].__dict__

    def __getattr__(name: str):
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(where[name]), name)
        names[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(names) | set(where))

    return __getattr__, __dir__
