import sys

from dcstudio.cli import main

sys.exit(main())
