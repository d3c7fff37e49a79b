"""``parse_json``: JSON from a file the user (or someone else) handed us, read without surprises.

``json.loads`` alone accepts what later crashes a reader far from the file: nesting deep enough to
raise RecursionError in code that walks the value, integers too long to print (Python refuses
more than 4,300 digits), ``NaN`` and ``Infinity``, and ``\\udXXX`` escapes that decode to a lone
surrogate, which no UTF-8 writer, Pillow's text layout or Qt can take. Each of those is refused
here with a ``JsonInputError`` that names where in the document it sits, so every reader of a
project file, a spec, a plan or a journal gives one clear message instead of a traceback.
"""
from __future__ import annotations

import json
import math
import re
from typing import Any

# Far deeper than any document the studio reads or writes (a project file nests about 6 levels),
# far shallower than the interpreter's recursion limit.
MAX_DEPTH = 64
# Digits of the longest integer accepted: ids are up to 20 digits, money in minor units fewer.
MAX_INT_DIGITS = 40


class JsonInputError(ValueError):
    """The bytes are not JSON the studio will read. ``field`` is a path such as
    ``images[2].file`` (empty for the document as a whole)."""

    def __init__(self, problem: str, field: str = ""):
        self.problem = problem
        self.field = field
        super().__init__(f"{field}: {problem}" if field else problem)


class _Refused:
    """Stands in for a number the parser would not keep, so that ``check_value`` can say where
    it sits (``json.loads`` tells its number hooks nothing about the position)."""

    __slots__ = ("problem",)

    def __init__(self, problem: str):
        self.problem = problem


def _int(text: str):
    digits = len(text.lstrip("-"))
    if digits > MAX_INT_DIGITS:
        return _Refused(f"holds an integer of {digits} digits (at most {MAX_INT_DIGITS} are read)")
    return int(text)


def _constant(name: str):
    return _Refused(f"holds {name}, which is not a JSON number")


def _float(text: str):
    if len(text) > 400:
        return _Refused(f"holds a number written with {len(text)} characters")
    value = float(text)
    if not math.isfinite(value):  # 1e999: kept, it would be written back as Infinity, not JSON
        return _Refused(f"holds {text}, a number too large to keep")
    return value


def _lone_surrogate(text: str) -> int | None:
    """Index of the first lone surrogate in ``text``, or None. Python's json keeps a valid
    ``\\ud83c\\udf3f`` pair as one character, so any surrogate left is unpaired."""
    if text.isascii():
        return None
    for i, char in enumerate(text):
        if "\ud800" <= char <= "\udfff":
            return i
    return None


def _join(path: str, key) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def check_value(value: Any, *, max_depth: int = MAX_DEPTH) -> None:
    """Raises JsonInputError for nesting past ``max_depth`` or a lone surrogate in any key or
    string. Iterative, so it cannot itself run out of stack."""
    stack = [(value, "", 1)]
    while stack:
        item, path, depth = stack.pop()
        if isinstance(item, _Refused):
            raise JsonInputError(item.problem, path)
        if isinstance(item, str):
            at = _lone_surrogate(item)
            if at is not None:
                raise JsonInputError(f"holds a lone surrogate (\\u{ord(item[at]):04x}) at character {at + 1}; "
                                     "the text is not valid Unicode", path)
        elif isinstance(item, (dict, list)):
            if depth > max_depth:
                raise JsonInputError(f"nests deeper than {max_depth} levels", path)
            pairs = item.items() if isinstance(item, dict) else enumerate(item)
            for key, child in pairs:
                if isinstance(key, str) and _lone_surrogate(key) is not None:
                    raise JsonInputError("has a key holding a lone surrogate; the text is not valid Unicode", path)
                stack.append((child, _join(path, key), depth + 1))


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{},:]')


def _too_deep_at(text: str, max_depth: int) -> str:
    """Where ``text`` first nests past ``max_depth``, found by a flat scan of its brackets (the
    parser ran out of stack, so it cannot say). Empty when the scan does not find it."""
    stack: list[list] = []  # per open container: [is_array, current key or index]
    last_string = ""
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            if len(stack) == max_depth:
                path = ""
                for _, key in stack:
                    path = _join(path, key)
                return path
            stack.append([token == "[", 0 if token == "[" else ""])
        elif token in "]}":
            if stack:
                stack.pop()
        elif token == ",":
            if stack and stack[-1][0]:
                stack[-1][1] += 1
        elif token == ":":
            if stack and not stack[-1][0]:
                stack[-1][1] = last_string
        else:
            try:
                last_string = json.loads(token).encode("utf-8", "backslashreplace").decode("utf-8")
            except ValueError:
                last_string = token[1:-1]
    return ""


def parse_json(raw: bytes | str, *, max_depth: int = MAX_DEPTH) -> Any:
    """Decodes (UTF-8, with or without a BOM) and parses ``raw``; raises JsonInputError."""
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise JsonInputError(f"is not UTF-8 text (byte {exc.start + 1} cannot be read)") from None
    else:
        text = raw.removeprefix("\ufeff")
    try:
        value = json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except RecursionError:
        raise JsonInputError(f"nests deeper than {max_depth} levels", _too_deep_at(text, max_depth)) from None
    except json.JSONDecodeError as exc:
        hint = " (the file looks truncated)" if exc.pos >= len(text.rstrip()) - 1 else ""
        raise JsonInputError(f"is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}{hint}") from None
    except ValueError as exc:  # the interpreter's own digit limit, should a caller lower it
        raise JsonInputError(f"is not valid JSON: {exc}") from None
    check_value(value, max_depth=max_depth)
    return value
