"""Casebook core: domain, encrypted storage, rules engines, letters and the CLI.

This package never imports Qt or ``ui`` (an import-linter contract in pyproject.toml and
tests/core/test_layers.py enforce it).
"""

__version__ = "0.1.0"
APP_NAME = "Casebook"
