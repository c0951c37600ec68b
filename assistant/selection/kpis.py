"""The KPIs a selection may propose: every calculator with a funnel stage, and the metrics without a calculator
(`tools/kpis/_metrics.yaml`), each with its declaration."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from tools.base import Text
from tools.declaration import Declaration, Fit, metrics
from tools.registry import all_tools

STAGES = ("awareness", "consideration", "conversion", "loyalty")


@dataclass(frozen=True)
class Kpi:
    """One proposable KPI: its title and declaration, and the calculator behind it when there is one."""

    id: str
    title: Text
    decl: Declaration
    tool: str | None

    @property
    def stage(self) -> str:
        """Funnel stage (awareness, consideration, conversion, loyalty)."""
        return self.decl.stage or "conversion"

    @property
    def entry(self) -> str:
        """The knowledge entry cited when the KPI is proposed."""
        return self.decl.entry or f"kpi-{self.id}"

    def fit(self, model: str) -> Fit | None:
        """Why (and how much) the KPI matters for this business model; None when it is not one of its KPIs."""
        return self.decl.fit.get(model)  # type: ignore[call-overload]

    def why(self, model: str) -> Text:
        """The one line on why it matters: for this business model, else in general."""
        fit = self.decl.fit.get(model) or self.decl.fit.get("general")  # type: ignore[call-overload]
        return fit.why if fit else Text(en="", fr="")


def _title(words: tuple[str, ...]) -> str:
    first = words[0]
    return first[0].upper() + first[1:]


@functools.cache
def universe() -> dict[str, Kpi]:
    """Every proposable KPI by id: metrics without a calculator first, then the calculators (registry order)."""
    out = {mid: Kpi(mid, Text(en=_title(d.names.en), fr=_title(d.names.fr)), d, None) for mid, d in metrics().items()}
    for spec in all_tools():
        if spec.is_calculator and spec.kpi.stage is not None:
            out[spec.id] = Kpi(spec.id, Text(en=spec.title_en, fr=spec.title_fr), spec.kpi, spec.id)
    return out


def get(kpi_id: str) -> Kpi:
    """One KPI, or ValueError naming the known ids."""
    try:
        return universe()[kpi_id]
    except KeyError:
        raise ValueError(f"Unknown KPI '{kpi_id}'. Known: {', '.join(universe())}") from None
