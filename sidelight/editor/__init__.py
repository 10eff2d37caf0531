"""Tools for editors: `new`, import from a saved page, `check --fix-quotes`, in-place YAML
edits, the schema reference.
"""
