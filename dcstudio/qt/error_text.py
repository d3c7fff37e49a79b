"""A failure shown in a panel: in words, never as a traceback."""
from __future__ import annotations

from dcstudio.core.values.errors import DcError


def explain(error: BaseException) -> str:
    """A failure in words: a DcError says it all itself; anything else is named, never traced."""
    if isinstance(error, DcError):
        return str(error)
    if isinstance(error, OSError):
        return f"{error.filename or 'the file'}: {error.strerror or error}"
    return f"{type(error).__name__}: {error}"
