"""Extraction stages: pure functions over records, run in order by ``pipeline.py``."""
