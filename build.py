#!/usr/bin/env python3
"""Build the news site: `python build.py build` (see `python build.py --help`)."""

import sys

from sitegen.cli import main

if __name__ == "__main__":
    sys.exit(main())
