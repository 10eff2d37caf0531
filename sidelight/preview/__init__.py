"""`serve`: the preview server, its session (rebuild on change) and the error page."""
