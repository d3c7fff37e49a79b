"""Names a window module offers without importing them at start-up.

The window opens faster when what only a dialog, a menu command or a dock tab needs (and the
libraries behind it: the Graph client's requests and keyring, the linter, the catalog's Babel)
is imported when first used. A module keeps its names all the same:

    __getattr__ = lazy_names(__name__, CropDialog="dcstudio.qt.crop_dialog")

makes ``module.CropDialog`` (and ``from module import CropDialog``) import
``dcstudio.qt.crop_dialog`` on first use (PEP 562); the module's own code imports it inside
the function that needs it.
"""
from __future__ import annotations

import importlib
import sys
from collections.abc import Callable


def lazy_names(module: str, **where: str) -> Callable[[str], object]:
    """A module ``__getattr__``: each name of ``where`` comes from the module named beside it,
    imported the first time the name is read, then kept in ``module``'s globals."""

    def __getattr__(name: str):  # noqa: N807 (PEP 562)
        source = where.get(name)
        if source is None:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(source), name)
        setattr(sys.modules[module], name, value)  # later reads skip this function
        return value

    return __getattr__
