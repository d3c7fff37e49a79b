"""The one rule for a Graph API version: what the project file, the plan, the export and the
client all accept (``v`` then major.minor, as Meta numbers them: v2.12 once, v25.0 now)."""
from __future__ import annotations

import re

from dcstudio.core.values.errors import BadInputError

DEFAULT_API_VERSION = "v25.0"
# The project schema's "api_version" pattern is this same text (a test holds them together).
API_VERSION_PATTERN = r"^v[0-9]{1,3}\.[0-9]{1,2}$"
_FORM = re.compile(API_VERSION_PATTERN)


def is_api_version(value) -> bool:
    return isinstance(value, str) and bool(_FORM.match(value))


def check_api_version(value, *, what: str = "API version") -> str:
    """``value`` when it is a version; else BadInputError naming ``what`` (the field or the flag
    the caller took it from)."""
    if not is_api_version(value):
        raise BadInputError(f"{what} {value!r}: use the form {DEFAULT_API_VERSION}")
    return value
