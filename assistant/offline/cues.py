"""Cue phrases of each intent, on normalised text (lower case, no accents, numbers as #i placeholders)."""

from __future__ import annotations

import re


def _rx(pattern: str) -> re.Pattern:
    return re.compile(pattern)


GREETING = _rx(r"^(?:bonjour|bonsoir|salut|hello|hi|hey|coucou|good (?:morning|afternoon|evening)|merci|thanks"
               r"|thank you|yo|bjr|slt)\b")
HELP = _rx(r"\b(?:aide|aidez|help|que (?:sais|peux)[- ]tu faire|what can you do|what do you do|comment (?:ca|tu) "
           r"(?:marche|fonctionne)s?|how does (?:this|it) work|qui es[- ]tu|who are you|tu fais quoi|que fais[- ]tu"
           r"|tu sers a quoi|what are you)\b")
OFF_TOPIC = _rx(r"\b(?:meteo|weather|pleuvoir|rain|recettes?|recipes?|cuisiner?|cook\w*|pizza|gateau|cake|python"
                r"|javascript|java|coder|programm\w*|script|football|soccer|match|films?|movies?|musique|music"
                r"|chansons?|songs?|poemes?|poems?|blagues?|jokes?|tradui\w*|translat\w*|politique|politics|elections?"
                r"|horoscope|voyages?|travel|vacances|holidays?|medecin|doctor|capitale|capital of|president"
                r"|devoirs|homework|histoire de france|world war|guerre|roman|novel|impots|taxes|visa|loyer|rent"
                r"|dating|amour|love|sport)\b")
DOMAIN = _rx(r"(?:kpi|indicateur|metrique|metric|marketing|client|customer|lead|prospect|vente|sales|campagne"
             r"|campaign|budget|depens|spend|conversion|funnel|tunnel|entonnoir|crm|\bseo\b|\bsea\b|e-?mail"
             r"|newsletter|reseaux sociaux|social|dashboard|tableau de bord|pipeline|acquisition|fidelis|retention"
             r"|\broi\b|trafic|traffic|visiteur|visitor|\bpub|\bads?\b|notoriete|awareness|b2b|b2c|\bpme\b|\bsme"
             r"|startup|commerce|saas|abonnement|subscription|chiffre d'affaires|revenue|marge|margin|smart"
             r"|objecti|\bgoal|mesur|measur|suivre|track|vanit|benchmark|croissance|growth|rentab|profitab"
             r"|panier|basket|prix|price|business|entreprise|company|boutique|shop|store|offre|offer|\bmql|\bsql"
             r"|\bcpl\b|\bcpc\b|\bctr\b|\bcpm\b|\bclv\b|\bltv\b|\bcac\b|roas|abonne|follower|instagram|facebook"
             r"|linkedin|tiktok|youtube|google|likes|\bvues\b|views|impressions|clics|clicks|leads?|\bvend|\bsell|deals?\b"
             r"|opportunit|win rate|closing|signature)")
KPI_COUNT = re.compile(r"#(\d+) (?:(?:a|to|-) #(\d+) )?(?:kpis?|indicateurs?|metriques?|metrics?|indicators?)")
HEALTH = _rx(r"\b(?:sain|saine|healthy|health|sante|bon|bonne|good|ok|okay|correct|normal|acceptable|raisonnable"
             r"|reasonable|rentable|profitable|viable|trop (?:eleve|haut|cher|bas|faible|long|lent)"
             r"|too (?:high|low|expensive|long|slow)|\bcher\b|expensive|\bcheap\b|coute trop|costs? too much"
             r"|mauvais|mauvaise|bad|inquietant|worrying|worried|worry|verdict|juge\w*|judge|evalue\w*|assess\w*"
             r"|how am i doing|ou j'en suis|grave|fine|decent|solide|solid|faible|weak|eleve|high|low|bas|elevé"
             r"|satisfaisant|satisfying|enough|suffisant|sustainable|tenable|alright|great|excellent|in the red"
             r"|perd de l'argent|losing money|lose money|bien\s?\?|bien ou|est-ce bien|c'est bien)\b")
EXPLAIN = _rx(r"(?:qu'est[- ]ce|c'est quoi|cest quoi|\bwhat is\b|what's|\bwhat are\b|\bwhats\b|explain|expliqu"
              r"|explication|definition|\bdefine\b|definir|signifie|veut dire|\bmeans?\b|meaning|comment (?:on )?"
              r"(?:calcule|calculer|se calcule|mesurer|mesure|interpreter|lire)|how (?:do|to|can|should) (?:i |you "
              r"|we )?(?:calculate|compute|measure|read|interpret)|how is .{0,30} (?:calculated|computed|measured)"
              r"|formule|formula|difference entre|difference between|pourquoi|\bwhy\b|a quoi sert|what .{0,20}for\b"
              r"|tell me about|parle[- ]moi|dis[- ]moi|qu'appelle|what does .{0,20} mean)")
WHAT_IF = _rx(r"(?:what if|what happens (?:to .{1,30})?if|what would happen|^(?:and |but )?if\b|\bet si\b"
              r"|que devient .{1,40}\bsi\b|qu'arrive|que se passe[- ]t[- ]il si"
              r"|que se passerait|\bsi (?:je|j'|on|nous|mes|mon|ma|le|la|les) ?(?:baiss|redui|coup|augment|doubl"
              r"|pass|divis|diminu|mont|ajout|gagn|perd|avais|investi|amelior|recrut|signai)"
              r"|\bif (?:i|we|my) (?:cut|reduce|lower|increase|raise|double|halve|drop|bump|improve|boost|were to)"
              r"|\bsuppose|\bimagine|supposons|scenario"
              r"|simul)")
SOLVE = _rx(r"(?:combien de .{1,40}(?:faut|dois|doit|besoin|necessaire|pour (?:atteindre|avoir|rester|garder"
            r"|rentabiliser|amortir|couvrir))"
            r"|how (?:many|much) .{1,40}(?:need|must|should|required|can i|could i|afford|to (?:reach|hit|get|keep"
            r"|stay|break))|quel(?:le)?s? .{1,40}(?:pour (?:garder|rester|atteindre|avoir|obtenir|maintenir|tenir"
            r"|rentabiliser)|faut[- ]il|necessaire|au maximum|au minimum|maximum|minimum)"
            r"|\bwhat(?:'s)? .{1,40}(?:keeps?|to keep|to stay|to reach|to hit|to get|to maintain|needed|required"
            r"|do i need|would i need)"
            r"|combien (?:je peux|puis-je|on peut|pouvons-nous|peut-on) (?:depens\w*|invest\w*|mettre|payer)"
            r"|how much can (?:i|we) (?:spend|afford|pay|invest)"
            r"|(?:maximum|\bmax\b|highest|lowest|minimum|\bau plus\b|au maximum|plafond|cap) (?:de |d'|of |my |mon "
            r"|a |le )?(?:cac|cpl|cpc|spend|budget|depense)|break[- ]?even|seuil de rentabilite"
            r"|\bquel(?:le)? .{1,40} pour #\d+ .{1,40} (?:avec|sur|pour) #\d+)")
SELECT = _rx(r"(?:quel(?:le)?s? (?:kpis?|indicateurs?|metriques?)|which (?:kpis?|metrics?|indicators?|numbers)"
             r"|what (?:kpis?|metrics?|indicators?)|choisir (?:mes |les |des |\w+ )?(?:kpis?|indicateurs)"
             r"|choos\w* (?:my |the |\w+ )?(?:kpis?|metrics)|pick (?:my |the )?(?:kpis?|metrics)"
             r"|(?:suivre|mesurer|surveiller|tracker|regarder) quoi|quoi comme (?:kpis?|indicateurs?|metriques?)"
             r"|(?:kpis?|indicateurs?) (?:a suivre|que je dois|dois-je|should i|to track|to follow|for my|pour (?:ma"
             r"|mon|une|un))|what should i (?:track|measure|monitor|follow|look at)|que (?:dois[- ]je|devrais[- ]je"
             r"|faut[- ]il) (?:suivre|mesurer|surveiller|regarder)|\bquoi (?:suivre|mesurer|surveiller)"
             r"|(?:top|best|meilleurs?|principaux|essentiels?|key|main|right) (?:#\d+ )?(?:kpis?|indicateurs|metrics)"
             r"|#\d+ (?:a #\d+ )?(?:kpis?|indicateurs)|recommand\w* (?:des |moi |me )?(?:des )?(?:kpis?|indicateurs"
             r"|metrics)|set of kpis|jeu de kpi|tableau de bord|dashboard)")
PLAN = _rx(r"(?:plan d'action|plan kpi|kpi plan|plan marketing|marketing plan|action plan|plan de suivi"
           r"|plan de mesure|measurement plan|(?:construire|creer|faire|demarrer|commencer|lancer|etablir|elaborer"
           r"|rediger|build|create|make|start|draft|write|set up) (?:un |a |my |mon |notre |our )?(?:kpi[- ])?plan"
           r"|plan (?:pilote|driven|kpi)|kpi[- ]driven)")
COMPARE = _rx(r"(?:\bcompar\w*|\bversus\b|\bvs\.?\b|\bcontre\b|plutot que|better than|worse than|\blequel\b"
              r"|\blaquelle\b|which (?:one|is|has|channel|campaign)|\bor\b.{1,30}\bbetter\b|meilleur canal"
              r"|best channel)")
GUIDANCE = _rx(r"(?:how (?:can|do|should|could) (?:i|we) (?:lower|reduce|improve|increase|boost|grow|cut|optimi[sz]e"
               r"|get more|raise|bring down|fix)|\btips?\b|advice|\bconseils?\b|astuces?|recommendations? (?:to|for)"
               r"|comment (?:faire )?(?:baisser|reduire|ameliorer|augmenter|optimiser|booster|diminuer|faire monter)"
               r"|best practices?|bonnes pratiques|ways to (?:improve|lower|reduce|increase)"
               r"|what (?:should|can|do) (?:i|we) (?:fix|improve|change|do|work on)|where (?:should|do) (?:i|we) start"
               r"|que (?:dois-je|faut-il|puis-je|devrais-je) (?:ameliorer|corriger|changer|faire)|par ou commencer"
               r"|quoi (?:ameliorer|corriger|changer))")
ASK_QUANTITY = _rx(r"\b(?:combien|how many|how much)\b")
COMPUTE_VERB = _rx(r"(?:calcul|compute|comput|what(?:'s| is) (?:my|the|our)|quel(?:le)? est (?:mon|ma|le|la|notre)"
                   r"|how long|donne[- ]moi|give me|combien|how much|how many|figure out|work out)")
WRITE = _rx(r"\b(?:write|draft|compose|rewrite|redige\w*|ecri[st]\w*|genere\w*|generate|fais[- ]moi|make me|create)\b"
            r".{0,40}\b(?:post|e-?mail|article|slogan|texte?|ad copy|copy|publicite|annonce|newsletter|tweet|script"
            r"|landing page|page de vente|caption|legende|bio)s?\b")
COMPUTE_REQUEST = _rx(r"\b(?:calcul\w*|compute|calculate|work out|figure out)\b|what(?:'s| is) my\b"
                      r"|quel(?:le)? est (?:mon|ma|notre)\b"
                      # 'and my CAC?' after figures: the same figures, another KPI
                      r"|^(?:and|et|what about|how about|et pour) (?:my|our|the|mon|ma|notre|nos|le|la|l')\b")
EXPLAIN_ONLY = _rx(r"\bhow (?:do|to|can|should) (?:i |you |we )?(?:calculate|compute)"
                   r"|comment (?:on )?(?:calcule|calculer)|formul")
# "and for last month?", "et pour l'an dernier ?": the same KPI again, for other figures still to come
FOLLOW_ON = _rx(r"^(?:and|et|what about|how about|same for|pareil pour|idem pour|meme chose pour)\b")
