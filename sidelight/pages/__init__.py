"""Every page kind: its typed context, the registry of pages, and every URL of the site
(urls). Pure: imports nothing of build, preview or editor.
"""
