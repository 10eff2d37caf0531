"""The pipeline, the only caller of the stages, and every speed trick wrapped around them:
caches, dependency tracking, the no-change shortcut, workers and the garbage-collector
pause.
"""
