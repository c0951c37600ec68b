"""Imports every family module so that their tools register, in a stable order."""

from tools import acquisition  # noqa: F401
