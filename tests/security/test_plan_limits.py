"""Issue 11, resource abuse and odd values in plans: size limits checked on every path, huge figures refused.

The attack: a 200 × 8 grid of 40 kB cells saved (the database reached 118 MB); the 120-character name limit was
skipped on one path (`model_copy` does not validate); a 400-digit action target broke the export and a
5 000-digit one broke the save.
"""

from __future__ import annotations

import pandas as pd
import pytest
from pydantic import ValidationError

from assistant.plan.export import export_plan
from assistant.plan.model import ACTION_COLUMNS, MAX_ACTION_ROWS, MAX_CELL_CHARS, ActionRow, Plan
from assistant.plan.store import PlanStore, PlanStoreError
from assistant.ui.plan_handlers import PlanHandlers

pytestmark = pytest.mark.timeout(60)


OWNER = "browser-of-alice"


@pytest.fixture
def handlers(settings):
    return PlanHandlers(settings, PlanStore.from_settings(settings), {}, owner=lambda request: OWNER)


def grid(rows: int, cell: str = "x", target: str = "100") -> pd.DataFrame:
    data = [[cell, "grow", "CAC", target, "open", "Ana", "2026-03-31", "monthly"] for _ in range(rows)]
    return pd.DataFrame(data, columns=list(ACTION_COLUMNS))


def test_a_grid_of_forty_kilobyte_cells_is_refused_and_nothing_is_saved(handlers):
    _, message, *_ = handlers.save(None, "Big plan", grid(200, "x" * 40_000), "en")
    assert message.startswith("❌ activity: String should have at most 1000 characters")
    assert handlers.store.list_plans(OWNER) == []
    _, message_fr, *_ = handlers.save(None, "Big plan", grid(200, "x" * 40_000), "fr")
    assert "doit contenir au plus 1000 caractères" in message_fr


def test_the_largest_allowed_grid_saves_and_one_more_row_is_refused(handlers):
    _, message, *_ = handlers.save(None, "Full plan", grid(MAX_ACTION_ROWS, "x" * MAX_CELL_CHARS), "en")
    assert message == "✅ 'Full plan' saved (version 1)."
    _, message, *_ = handlers.save(None, "Full plan", grid(MAX_ACTION_ROWS + 1), "en")
    assert message.startswith("❌ actions: List should have at most 200 items")
    assert [p.versions for p in handlers.store.list_plans(OWNER)] == [1]


def test_a_name_over_120_characters_is_refused_on_the_save_path_that_copies_the_plan(handlers):
    proposal = Plan(name="Short")
    _, message, *_ = handlers.save(proposal, "n" * 121, grid(1), "en")
    assert message.startswith("❌ name: String should have at most 120 characters")
    assert handlers.store.list_plans(OWNER) == []


def test_a_name_over_120_characters_is_refused_by_rename_and_duplicate(handlers):
    handlers.save(None, "Q1", grid(1), "en")
    for op in ("rename", "duplicate"):
        message, _ = handlers.store_op(op)("Q1", "n" * 121, "en")
        assert message.startswith("❌ name: String should have at most 120 characters"), op
    assert [p.name for p in handlers.store.list_plans(OWNER)] == ["Q1"]
    assert handlers.store.load(OWNER, "Q1").name == "Q1"


def test_model_copy_validates_whatever_path_replaces_fields():
    plan = Plan(name="ok")
    with pytest.raises(ValidationError, match="at most 120 characters"):
        plan.model_copy(update={"name": "n" * 121})
    with pytest.raises(ValidationError, match="at most 200 items"):
        plan.model_copy(update={"actions": [ActionRow(activity="a")] * 201})
    assert plan.model_copy().name == "ok"


@pytest.mark.parametrize("digits", [16, 400, 5000])
def test_a_huge_action_target_is_refused_by_save_and_export_with_a_message(handlers, digits, tmp_path):
    _, message, *_ = handlers.save(None, "Targets", grid(1, target="9" * digits), "en")
    assert message.startswith("❌ target: a number of more than 15 digits is out of range")
    assert handlers.store.list_plans(OWNER) == []
    path, message = handlers.exporter("xlsx")(None, "Targets", grid(1, target="9" * digits), "fr")
    assert path is None and message.startswith("❌ target : un nombre de plus de 15 chiffres est hors limites")


def test_a_fifteen_digit_target_still_saves_and_exports(handlers):
    _, message, *_ = handlers.save(None, "Targets", grid(1, target="9" * 15), "en")
    assert message.startswith("✅")
    for kind in ("xlsx", "csv", "md"):
        path, message = handlers.exporter(kind)(None, "Targets", grid(1, target="9" * 15), "en")
        assert path and message == ""


def test_a_huge_figure_is_refused_even_when_built_in_code(tmp_path):
    with pytest.raises(ValidationError, match="more than 15 digits"):
        ActionRow(target=10**400)
    with pytest.raises(ValidationError, match="more than 15 digits"):
        ActionRow(target=float("inf"))
    plan = Plan(name="p", actions=[ActionRow(target=10**15 - 1)])
    assert export_plan(plan, "xlsx", tmp_path).exists()


# --- per-owner quotas (plans and bytes), inside the save's transaction, on SQLite and a real Postgres ---

@pytest.fixture
def quota_store(database_url):
    from assistant.plan.quota import Quota

    store = PlanStore(database_url)
    store.quota = Quota(max_plans=3, max_bytes=60_000)
    return store


def small(name: str) -> Plan:
    return Plan(name=name, actions=[ActionRow(activity="SEA campaign", kpi="CPL", target="< 3 €")])


def test_a_fourth_plan_is_refused_but_new_versions_of_kept_ones_are_not(quota_store):
    for name in ("A", "B", "C"):
        quota_store.save("alice", small(name))
    with pytest.raises(PlanStoreError) as err:
        quota_store.save("alice", small("D"))
    assert err.value.text.en.startswith("Save refused: you already keep 3 plans, the most allowed (3).")
    assert err.value.text.fr.startswith("Enregistrement refusé : vous conservez déjà 3 plans")
    with pytest.raises(PlanStoreError, match="the most allowed"):
        quota_store.duplicate("alice", "A", "A copy")
    assert quota_store.save("alice", small("A")) == 2  # a new version of a kept plan
    assert quota_store.save("bob", small("D")) == 1  # another owner has their own quota
    assert sorted(p.name for p in quota_store.list_plans("alice")) == ["A", "B", "C"]


def test_versions_past_the_bytes_quota_are_refused_and_nothing_is_written(quota_store):
    big = Plan(name="Big", actions=[ActionRow(activity="x" * 1000, kpi=f"row {n}") for n in range(20)])
    saved = 0
    with pytest.raises(PlanStoreError) as err:
        for _ in range(10):
            quota_store.save("alice", big)
            saved += 1
    assert 1 <= saved < 10
    assert "Save refused: your saved plans would take 0.1 MB, over the 0.0572205 MB allowed" in err.value.text.en
    assert "0,1 Mo" in err.value.text.fr
    assert len(quota_store.versions("alice", "Big")) == saved


def test_the_default_store_takes_its_quotas_from_the_settings(tmp_path):
    from assistant.config import Settings

    store = PlanStore.from_settings(Settings(data_dir=tmp_path / "data", plans_max_per_owner=2, _env_file=None))
    store.save("alice", small("A"))
    store.save("alice", small("B"))
    with pytest.raises(PlanStoreError, match=r"the most allowed \(2\)"):
        store.save("alice", small("C"))


@pytest.mark.parametrize("target, owner, why", [
    (1e300, "Ana", "❌ target: Input should be less than or equal to 1000000000000000"),
    (float("inf"), "Ana", "❌ target: Input should be a finite number"),
    (80.0, "A" * 5000, "❌ owner: String should have at most 200 characters"),
])
def test_a_smart_objective_past_the_plan_limits_is_refused_with_a_message(handlers, target, owner, why):
    plan = Plan(name="p")
    kept, message, _ = handlers.add_objective(plan, "customer_acquisition_cost", 100.0, target, "EUR",
                                              "2027-01-31", owner, "SEA", "en")
    assert kept is plan and message.startswith(why)


def test_the_fifty_first_objective_is_refused(handlers):
    plan = Plan(name="p")
    for _ in range(50):
        plan, _, _ = handlers.add_objective(plan, "customer_acquisition_cost", 100.0, 80.0, "EUR", "2027-01-31",
                                            "Ana", "SEA", "en")
    kept, message, _ = handlers.add_objective(plan, "customer_acquisition_cost", 100.0, 80.0, "EUR", "2027-01-31",
                                              "Ana", "SEA", "en")
    assert kept is plan and len(kept.objectives) == 50
    assert message.startswith("❌ objectives: List should have at most 50 items")


def test_proposing_a_plan_with_a_name_over_120_characters_says_so(handlers):
    message = handlers.propose("growth", "B2B", "service", "starting", [], [], "n" * 200, None, None, "fr")[5]
    assert message.startswith("❌ name : ") and "120" in message
