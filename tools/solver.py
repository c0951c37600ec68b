"""Reverse solving for any tool: scan a bracket for a sign change, then bisect. No derivative, no scipy needed.

KPI formulas are ratios that are undefined at some points (a zero denominator) and monotonic almost everywhere,
so a scan over a log-spaced grid finds a bracket reliably and bisection then converges whatever the shape.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

Fn = Callable[[float], "float | None"]


@dataclass
class Root:
    """Where g(x) = 0: x, whether another root exists further on, and the values seen over the bracket."""

    x: float | None
    several: bool
    seen_min: float | None
    seen_max: float | None
    # For integer fields with no exact solution: the two whole numbers around the root.
    neighbours: tuple[int, int] | None = None


def grid(lo: float, hi: float, integer: bool, around: float | None = None) -> list[float]:
    """Candidate points: linear on small ranges (percentages), log-spaced otherwise, plus the current value."""
    if hi - lo <= 1000:
        pts = [lo + (hi - lo) * i / 400 for i in range(401)]
    else:
        start = max(lo, 1e-6)
        n = max(2, int(6 * math.log10(hi / start)))
        pts = [lo] + [start * (hi / start) ** (i / n) for i in range(n + 1)]
    if around is not None and lo <= around <= hi:
        pts += [around, around * 0.5, min(hi, around * 2)]
    if integer:
        pts = [float(round(p)) for p in pts]
    return sorted(set(p for p in pts if lo <= p <= hi))


def _edge(g: Fn, zero: float, other: float) -> float:
    """Boundary between `zero` (g = 0) and `other` (g ≠ 0): tools round their values, so g is 0 on a small plateau."""
    for _ in range(80):
        mid = (zero + other) / 2
        if g(mid) == 0:
            zero = mid
        else:
            other = mid
    return zero


def _int_edge(g: Fn, zero: int, other: int) -> int:
    """The last whole number from `zero` towards `other` where g is still 0."""
    while abs(other - zero) > 1:
        mid = (zero + other) // 2
        if g(mid) == 0:
            zero = mid
        else:
            other = mid
    return zero


def _plateau_middle(g: Fn, x0: float, left: float | None, right: float | None, integer: bool = False) -> float:
    """Middle of the interval around x0 where the (rounded) KPI equals the target: the best estimate of the root
    (for whole numbers, the middle whole number: 3 600 € at a 12 € CPM is 300 000 impressions, not 300 001)."""
    if integer:
        lo = _int_edge(g, int(x0), int(left)) if left is not None else int(x0)
        hi = _int_edge(g, int(x0), int(right)) if right is not None else int(x0)
        return float(round((lo + hi) / 2))
    lo = _edge(g, x0, left) if left is not None else x0
    hi = _edge(g, x0, right) if right is not None else x0
    return (lo + hi) / 2


def _bisect(g: Fn, a: float, ga: float, b: float, integer: bool) -> tuple[float, tuple[int, int] | None]:
    for _ in range(300):
        if integer and b - a <= 1:
            break
        if not integer and b - a <= 1e-12 * max(1.0, abs(a)):
            break
        mid = math.floor((a + b) / 2) if integer else (a + b) / 2
        gm = g(mid)
        if gm is None:  # undefined inside the bracket: keep the side we know, narrow from the other
            gm = ga
        if gm == 0:
            return _plateau_middle(g, mid, a, b, integer), None
        if (gm > 0) == (ga > 0):
            a, ga = mid, gm
        else:
            b = mid
    if not integer:
        return (a + b) / 2, None
    gb = g(b)
    if ga == 0:
        return a, None
    if gb == 0:
        return b, None
    best = a if gb is None or abs(ga) <= abs(gb) else b
    return best, (int(a), int(b))


def find_root(g: Fn, lo: float, hi: float, integer: bool = False, around: float | None = None) -> Root:
    """First x in [lo, hi] where g changes sign (or is 0), by scan then bisection."""
    pts = [(x, g(x)) for x in grid(lo, hi, integer, around)]
    defined = [(x, y) for x, y in pts if y is not None]
    seen = [y for _, y in defined]
    roots: list[tuple[float, tuple[int, int] | None]] = []
    for i, ((xa, ga), (xb, gb)) in enumerate(zip(defined, defined[1:], strict=False)):
        if ga == 0:
            left = defined[i - 1][0] if i > 0 and defined[i - 1][1] != 0 else None
            roots.append((_plateau_middle(g, xa, left, xb if gb != 0 else None, integer), None))
        elif (ga > 0) != (gb > 0) and gb != 0:
            roots.append(_bisect(g, xa, ga, xb, integer))
    if defined and defined[-1][1] == 0:
        roots.append((defined[-1][0], None))
    lo_seen, hi_seen = (min(seen), max(seen)) if seen else (None, None)
    if not roots:
        return Root(None, False, lo_seen, hi_seen)
    x, neighbours = roots[0]
    return Root(x, len({round(r[0], 6) for r in roots}) > 1, lo_seen, hi_seen, neighbours)
