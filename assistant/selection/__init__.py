"""The one KPI selection of the product, shared by the chat (offline engine) and the KPI plan wizard.

- `read_profile(norm)` reads the business from the user's words (`words.yaml`);
- `choose(profile, size)` picks 5–7 KPIs covering the funnel (`rules.yaml` + the KPI declarations);
- `explain` words the choice (why per KPI for this business, what a CRM would add, channels without a KPI);
- `objectives` answers "how do I write a SMART objective for X?" and "what target for X?".
"""

from assistant.selection.answer import Answer, entry_hit
from assistant.selection.choose import LeftOut, Pick, Selection, choose
from assistant.selection.kpis import STAGES, Kpi, universe
from assistant.selection.profile import Profile, read_profile

__all__ = ["STAGES", "Answer", "Kpi", "LeftOut", "Pick", "Profile", "Selection", "choose", "entry_hit",
           "read_profile", "universe"]
