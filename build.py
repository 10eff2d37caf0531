#!/usr/bin/env python3
"""Entry point: `python build.py [build|check|…]`. All logic lives in the sidelight package."""
from sidelight.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
