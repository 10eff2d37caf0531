"""Pages to a site: templates rendered, feeds, open data, the link check, the search index
and the atomic write. Imports nothing of build, preview or editor.
"""
