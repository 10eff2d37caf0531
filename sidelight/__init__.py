"""Sidelight: a static fact-checking site generator.

The package is a one-way pipeline, one module per stage:
load → validate → anchor → model → render → write. Only `pipeline` wires them.
"""
