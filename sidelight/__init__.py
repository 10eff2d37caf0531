"""Sidelight: a static fact-checking site generator.

The package is in wings by concern (docs/architecture.md): content → model → quotes →
pages → output are the stages, pure, and never import build/, preview/ or editor/;
build/ wires them (build/pipeline.py is the only caller of the stages) and holds every
speed trick; preview/ is `serve`; editor/ holds the editors' tools. tests/test_architecture.py
enforces the rule.
"""
