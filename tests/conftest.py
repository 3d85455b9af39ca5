"""Shared test set-up. Integration tests use the real tools; only core unit tests use fake plugins."""
