"""Errors the user can act on. Each names the file or field and what is wrong.

The CLI turns any ``DcError`` into a one-line message and exit code 2; the GUI shows it in a
message box. Anything else is a bug and keeps its traceback.
"""
from __future__ import annotations


class DcError(Exception):
    """Base of every error caused by input the user can fix."""


class BadInputError(DcError):
    """A value given on the command line or in a dialog is not acceptable."""


class ProjectFileError(DcError):
    """A project file cannot be read: broken, truncated, newer, or not of the schema."""

    def __init__(self, path, problem: str, field: str | None = None):
        self.path = str(path)
        self.field = field
        self.problem = problem
        where = f"{self.path}: {field}: " if field else f"{self.path}: "
        super().__init__(where + problem)


class ImageError(DcError):
    """An image file cannot be used: names the file and the reason."""

    def __init__(self, path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class Cancelled(DcError):
    """A long job was cancelled by the user (cancel event set, Ctrl-C)."""


class VideoError(DcError):
    """A video file cannot be used: names the file and the reason."""

    def __init__(self, path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")
