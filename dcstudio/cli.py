"""The `dcstudio` command: subcommands for the core, or the studio window when none is given.

Exit codes: 0 done, 1 the job ran and found problems, 2 bad input or usage.
Qt is imported only when the window opens, so `dcstudio --version` and every subcommand stay fast.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys

from dcstudio import __version__
from dcstudio.commands import COMMAND_MODULES

EXIT_OK, EXIT_PROBLEMS, EXIT_BAD_INPUT = 0, 1, 2
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a tool whose reader closed the pipe


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors name the program and exit 2 without a traceback (as argparse does)."""


def _command_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="dcstudio", description="A desktop studio for dynamic creative.")
    parser.add_argument("--version", action="version", version=f"dcstudio {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(f"dcstudio.commands.{name}").add_parser(sub)
    _debug_after_commands(sub)
    return parser


def _debug_after_commands(sub) -> None:
    """--debug also after a command (`dcstudio lint P --debug`, `dcstudio token check --debug`);
    SUPPRESS keeps one given earlier."""
    for command in sub.choices.values():
        command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                             help="show tracebacks for errors")
        for inner in (a for a in command._actions if isinstance(a, argparse._SubParsersAction)):
            _debug_after_commands(inner)  # `token check` and the like


def _window_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="dcstudio", description="Open the studio window. Subcommands: "
                     + ", ".join(m.replace("_", "-") for m in COMMAND_MODULES)
                     + " (see `dcstudio COMMAND --help`).")
    parser.add_argument("--version", action="version", version=f"dcstudio {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    parser.add_argument("--screenshot", metavar="FILE",
                        help="open the window, wait for the previews, save a screenshot to FILE and exit")
    parser.add_argument("project", nargs="?", help="project folder (default: the last one, else the demo)")
    return parser


def _is_command(argv: list[str]) -> bool:
    names = {m.replace("_", "-") for m in COMMAND_MODULES}
    for arg in argv:
        if arg in ("-h", "--help"):
            return True
        if arg == "--debug":
            continue
        return arg in names
    return False


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not _is_command(argv):
        args = _window_parser().parse_args(argv)
        from dcstudio.qt.app import run_studio  # Qt loads here, and only here

        return run_studio(args.project, screenshot=args.screenshot)
    args = _command_parser().parse_args(argv)
    if not getattr(args, "func", None):
        _command_parser().print_help()
        return EXIT_OK
    from dcstudio.core.values.errors import Cancelled, DcError

    try:
        code = int(args.func(args) or EXIT_OK)
        sys.stdout.flush()  # a closed pipe shows here, inside the handlers below, not at exit
        return code
    except Cancelled as exc:
        print(f"dcstudio: {exc or 'cancelled'}", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("dcstudio: cancelled", file=sys.stderr)
        return 130
    except DcError as exc:
        if args.debug:
            raise
        print(f"dcstudio: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # `dcstudio lint P | head`: the reader left; stay quiet, as SIGPIPE would
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        except (OSError, ValueError):
            pass
        return EXIT_BROKEN_PIPE
    except OSError as exc:  # an output place that cannot be written (read-only, a file, gone, full)
        if args.debug:
            raise
        print(f"dcstudio: error: {_os_error_message(exc)}", file=sys.stderr)
        return EXIT_BAD_INPUT


def _os_error_message(exc: OSError) -> str:
    reason = exc.strerror or type(exc).__name__
    if not exc.filename:
        return f"{reason} ({exc})"
    name = str(exc.filename)
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    if base.startswith("."):  # a temp file of an atomic write: the folder is what the user chose
        return f"cannot write in {name[:len(name) - len(base)] or '.'}: {reason}"
    return f"{name}: {reason}"
