"""The data model: frozen, cross-linked records assembled from valid documents. Pure:
imports nothing of build, preview or editor.
"""
