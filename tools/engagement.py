"""Engagement KPIs: social engagement rate, email open, click and click-to-open rates (article 003)."""

from __future__ import annotations

from pydantic import Field

from tools.base import KpiInput, KpiResult, Text
from tools.common import Count, at_least, num, pct_text, rate_result, tidy, titles
from tools.health import judge
from tools.registry import ToolSpec

# This family's calculators; tools/families.py registers them explicitly (nothing registers on import).
SPECS: list[ToolSpec] = []


class SocialInput(KpiInput):
    """Inputs of the social engagement rate."""

    likes: Count = Field(description="Likes (reactions) on the posts")
    comments: Count = Field(description="Comments on the posts")
    shares: Count = Field(description="Shares (reposts) of the posts")
    reach: Count = Field(description="Unique people who saw the posts (reach)")


def social_engagement_rate(inp: SocialInput) -> KpiResult:
    """Social engagement: (likes + comments + shares) ÷ reach × 100."""
    interactions = inp.likes + inp.comments + inp.shares
    warnings = []
    if inp.reach and interactions > inp.reach:
        warnings.append(Text(en="More interactions than people reached: one person can like, comment and share, so "
                                "the rate can exceed 100 %.",
                             fr="Plus d'interactions que de personnes atteintes : une même personne peut aimer, "
                                "commenter et partager, le taux peut donc dépasser 100 %."))
    result = rate_result("social_engagement_rate", "Engagement", interactions, inp.reach, inp,
                         what=Text(en="The engagement rate", fr="Le taux d'engagement"),
                         undefined_because=Text(en="a reach of 0", fr="une portée nulle"), warnings=warnings)
    result.formula = (f"Engagement = ({num(inp.likes)} + {num(inp.comments)} + {num(inp.shares)}) / "
                      f"{num(inp.reach)} × 100 = {pct_text(result.value)}")
    result.details = {"interactions": interactions}
    return result


class OpenInput(KpiInput):
    """Inputs of the email open rate."""

    opens: Count = Field(description="Emails opened (unique opens)")
    delivered: Count = Field(description="Emails delivered (sent minus bounces)")
    _check = at_least("opens", "delivered", "only delivered emails can be opened")


def email_open_rate(inp: OpenInput) -> KpiResult:
    """Email open rate: opens ÷ delivered × 100."""
    value = tidy(None if inp.delivered == 0 else inp.opens / inp.delivered * 100)
    return rate_result("email_open_rate", "Open rate", inp.opens, inp.delivered, inp,
                       what=Text(en="The open rate", fr="Le taux d'ouverture"),
                       undefined_because=Text(en="no email delivered", fr="aucun email délivré"),
                       verdict=judge("email_open_rate", value),
                       convention=[Text(en="Unique opens over delivered emails; privacy features of some mail apps "
                                           "inflate opens, so read it as a trend.",
                                        fr="Ouvertures uniques sur emails délivrés ; certaines messageries gonflent "
                                           "les ouvertures, lisez-le comme une tendance.")])


class EmailClickInput(KpiInput):
    """Inputs of the email click rate."""

    clicks: Count = Field(description="Recipients who clicked a link (unique clicks)")
    delivered: Count = Field(description="Emails delivered (sent minus bounces)")
    _check = at_least("clicks", "delivered", "only delivered emails can be clicked")


def email_click_rate(inp: EmailClickInput) -> KpiResult:
    """Email click rate: unique clicks ÷ delivered × 100."""
    return rate_result("email_click_rate", "Click rate", inp.clicks, inp.delivered, inp,
                       what=Text(en="The click rate", fr="Le taux de clic"),
                       undefined_because=Text(en="no email delivered", fr="aucun email délivré"))


class ClickToOpenInput(KpiInput):
    """Inputs of the click-to-open rate."""

    clicks: Count = Field(description="Recipients who clicked a link (unique clicks)")
    opens: Count = Field(description="Recipients who opened the email (unique opens)")
    _check = at_least("clicks", "opens", "a recipient opens an email before clicking in it")


def click_to_open_rate(inp: ClickToOpenInput) -> KpiResult:
    """Click-to-open rate: unique clicks ÷ unique opens × 100."""
    return rate_result("click_to_open_rate", "Click-to-open", inp.clicks, inp.opens, inp,
                       what=Text(en="The click-to-open rate", fr="Le taux de clic à l'ouverture"),
                       undefined_because=Text(en="no email opened", fr="aucun email ouvert"))


def _spec(id_, model, func, en, fr, den, dfr, **field_titles):
    SPECS.append(ToolSpec(id=id_, family="engagement", title_en=en, title_fr=fr, description_en=den,
                      description_fr=dfr, input_model=model, func=func, field_titles=titles(model, **field_titles)))


_CLICKS = ("Unique clicks", "Clics uniques")
_DELIVERED = ("Emails delivered", "Emails délivrés")
_spec("social_engagement_rate", SocialInput, social_engagement_rate, "Social engagement rate",
      "Taux d'engagement social", "(Likes + comments + shares) ÷ reach × 100.",
      "(J'aime + commentaires + partages) ÷ portée × 100.",
      likes=("Likes", "J'aime"), comments=("Comments", "Commentaires"), shares=("Shares", "Partages"),
      reach=("Reach", "Portée"))
_spec("email_open_rate", OpenInput, email_open_rate, "Email open rate", "Taux d'ouverture des emails",
      "Opens ÷ delivered × 100.", "Ouvertures ÷ emails délivrés × 100.",
      opens=("Unique opens", "Ouvertures uniques"), delivered=_DELIVERED)
_spec("email_click_rate", EmailClickInput, email_click_rate, "Email click rate", "Taux de clic des emails",
      "Unique clicks ÷ delivered × 100.", "Clics uniques ÷ emails délivrés × 100.",
      clicks=_CLICKS, delivered=_DELIVERED)
_spec("click_to_open_rate", ClickToOpenInput, click_to_open_rate, "Click-to-open rate",
      "Taux de clic à l'ouverture", "Unique clicks ÷ unique opens × 100.", "Clics uniques ÷ ouvertures uniques × 100.",
      clicks=_CLICKS, opens=("Unique opens", "Ouvertures uniques"))
