"""Content files to valid documents: files found and read, YAML parsed with positions,
schemas, cross-references. Pure: imports nothing of build, preview or editor.
"""
