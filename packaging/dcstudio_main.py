"""The bundle's entry point: the `dcstudio` command (the window when no subcommand is given)."""
import sys

from dcstudio.cli import main

if __name__ == "__main__":
    sys.exit(main())
