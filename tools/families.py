"""Imports every family module so that their tools register, in a stable (reading) order."""
# ruff: noqa: I001  -- the order is the order tools are listed in, not alphabetical

from tools import acquisition, conversion, value, unit_economics  # noqa: F401
from tools import retention, loyalty, roi, pipeline, engagement, scoring  # noqa: F401
from tools import whatif, solve, health_tool  # noqa: F401
