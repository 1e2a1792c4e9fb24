"""Fangan: Chinese government implementation plans (实施方案) into structured records."""

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

from pipeline.run import parse_bytes, parse_file  # noqa: E402

__all__ = ["__version__", "parse_bytes", "parse_file"]
