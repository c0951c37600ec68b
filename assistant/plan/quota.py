"""Per-owner quotas of the plan store: how many plans, and how many bytes of saved versions, one owner may keep.

Checked inside the save's transaction (the store calls `Quota.check`), so a refused save writes nothing; the
size and shape of one plan are the plan model's limits (assistant/plan/model.py), checked on every path.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from assistant.db import DatabaseError
from assistant.db.schema import plan_versions, plans
from tools.base import Text


@dataclass(frozen=True)
class Quota:
    """The limits of one owner."""

    max_plans: int = 100
    max_bytes: int = 20 * 1024 * 1024

    @classmethod
    def from_settings(cls, settings) -> Quota:
        """KPI_PLANS_MAX_PER_OWNER and KPI_PLANS_MAX_MB_PER_OWNER."""
        return cls(settings.plans_max_per_owner, int(settings.plans_max_mb_per_owner * 1024 * 1024))

    def check(self, con: Connection, owner: str, name: str, added_bytes: int) -> None:
        """Refuse (DatabaseError, bilingual) a save of `added_bytes` under `name` that would pass a limit."""
        owned = sa.select(plans.c.id, plans.c.name).where(plans.c.owner == owner)
        # Postgres: the owner's plan rows stay locked until the commit, so two saves cannot both pass the check.
        rows = con.execute(owned.with_for_update() if con.dialect.name == "postgresql" else owned).all()
        if name not in {r.name for r in rows} and len(rows) >= self.max_plans:
            raise DatabaseError(Text(
                en=f"Save refused: you already keep {len(rows)} plans, the most allowed ({self.max_plans}). Delete a "
                   "plan you no longer need, then save again. Nothing was changed.",
                fr=f"Enregistrement refusé : vous conservez déjà {len(rows)} plans, le maximum autorisé "
                   f"({self.max_plans}). Supprimez un plan dont vous n'avez plus besoin, puis réessayez. Rien n'a "
                   "été modifié."))
        used = con.execute(sa.select(sa.func.coalesce(sa.func.sum(sa.func.length(plan_versions.c.body)), 0))
                           .where(plan_versions.c.plan_id.in_([r.id for r in rows]))).scalar() if rows else 0
        if used + added_bytes > self.max_bytes:
            mb = 1024 * 1024
            total_fr = f"{(used + added_bytes) / mb:.1f}".replace(".", ",")
            raise DatabaseError(Text(
                en=f"Save refused: your saved plans would take {(used + added_bytes) / mb:.1f} MB, over the "
                   f"{self.max_bytes / mb:g} MB allowed (every version counts). Delete plans you no longer need, "
                   "then save again. Nothing was changed.",
                fr=f"Enregistrement refusé : vos plans occuperaient {total_fr} Mo, au-delà des "
                   f"{self.max_bytes / mb:g} Mo autorisés (chaque version compte). Supprimez les plans dont vous "
                   "n'avez plus besoin, puis réessayez. Rien n'a été modifié."))
