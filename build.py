#!/usr/bin/env python3
"""Entry point: `python build.py [build|check|…]`. All logic lives in the sidelight package."""

import sys

if sys.version_info < (3, 11):
    raise SystemExit(f"Sidelight needs Python 3.11 or newer; this is {sys.version.split()[0]} ({sys.executable})")

from sidelight.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
