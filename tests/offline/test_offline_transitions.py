"""'We went from 100 to 92 customers': the loss is worked out (and shown), never read as 100 lost out of 92."""

import pytest

from assistant.session import Session


def _call(engine, q):
    r = engine.answer(q, Session())
    return r, (r.tool_calls[-1] if r.tool_calls else None)


@pytest.mark.parametrize(("q", "start", "lost", "value", "shown"), [
    ("we went from 100 to 92 customers this quarter, what's my churn?", 100, 8, 8,
     "Customers lost = 100 at the start − 92 at the end = 8"),
    ("on est passé de 200 à 180 clients ce trimestre, c'est quoi mon taux d'attrition ?", 200, 20, 10,
     "Clients perdus = 200 au début − 180 à la fin = 20"),
    ("we went from 100 to 92 customers with 10 new ones, churn?", 100, 18, 18,
     "Customers lost = 100 at the start + 10 new − 92 at the end = 18"),
])
def test_churn_from_a_falling_customer_count(engine, q, start, lost, value, shown):
    r, call = _call(engine, q)
    assert (call.name, call.arguments["customers_start"], call.arguments["customers_lost"]) == ("churn_rate", start,
                                                                                               lost)
    assert call.result["value"] == value
    assert shown in r.answer


def test_a_growing_count_without_new_customers_asks_for_the_loss_instead_of_inventing_it(engine):
    r, call = _call(engine, "we grew from 100 to 120 customers, churn?")
    assert call is None
    assert "Customers lost" in r.answer


def test_retention_from_a_falling_count_keeps_the_end_count(engine):
    _, call = _call(engine, "we went from 100 to 92 customers, retention?")
    assert (call.name, call.arguments["returning_customers"], call.arguments["total_customers"],
            call.result["value"]) == ("retention_rate", 92, 100, 92)
