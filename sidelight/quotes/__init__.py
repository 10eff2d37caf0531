"""Quotes to passages: folding, exact anchoring, closest-passage suggestions, leftovers,
text fragments. Pure: imports nothing of build, preview or editor.
"""
