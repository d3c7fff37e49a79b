"""Errors the user can act on. Each names the file or field and what is wrong.

The CLI turns any ``DcError`` into a one-line message and exit code 2; the GUI shows it in a
message box. Anything else is a bug and keeps its traceback.
"""
from __future__ import annotations


class DcError(Exception):
    """Base of every error caused by input the user can fix."""


class BadInputError(DcError):
    """A value given on the command line or in a dialog is not acceptable."""


class FileProblemError(DcError):
    """What is wrong with a file, and where in it: "path: where: problem" ("path: problem" when
    it is the file as a whole). ``where`` is the place as the message says it (a field's path, a
    line); the subclasses keep it as a value of their own too."""

    def __init__(self, path, problem: str, where: str | None = None):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {where}: {problem}" if where else f"{self.path}: {problem}")


class ProjectFileError(FileProblemError):
    """A project file cannot be read: broken, truncated, newer, or not of the schema."""

    def __init__(self, path, problem: str, field: str | None = None):
        self.field = field
        super().__init__(path, problem, field)


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
