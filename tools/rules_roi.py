"""Health rules on the marketing ROI. Break-even is 0 % (revenue equals the cost); 200 % is article 000's target.

Article 000: a negative ROI is an immediate alert, except during a launch or for an awareness action; aim at 200 %
to be profitable; beyond 300 % ('beyond 3') is excellent. Article 001: a positive ROI shows that marketing
contributes; awareness actions are not meant to perform in the short term. Article 003: the real return of content
shows over 18 to 24 months. Each function returns (level, why) or None when it does not apply.
"""

from __future__ import annotations

from tools.rules_text import Out, say

BREAK_EVEN, TARGET, EXCELLENT = 0.0, 200.0, 300.0


def roi_negative_in_launch(roi: float, ctx: dict) -> Out:
    """A negative ROI during a launch: expected, the spending comes before the sales (articles 000 and 003)."""
    if roi >= BREAK_EVEN or ctx.get("phase") != "launch":
        return None
    return say(
        "watch",
        "ROI {v} % is negative, which is expected during a launch: the spending comes before the sales. Article 000 "
        "makes a launch the exception to its 'negative ROI = immediate alert', and article 003's content case "
        "measures the real return over 18 to 24 months, not 3 to 6. Check that it rises above break-even (0 %) once "
        "the launch is over.",
        "Le ROI de {v} % est négatif, ce qui est attendu en phase de lancement : les dépenses précèdent les ventes. "
        "L'article 000 fait du démarrage l'exception à son « ROI négatif = alerte immédiate », et le cas contenu de "
        "l'article 003 mesure le vrai retour sur 18 à 24 mois, pas sur 3 à 6. Vérifiez qu'il repasse au-dessus du "
        "point mort (0 %) une fois le lancement terminé.",
        v=roi)


def roi_negative_for_awareness(roi: float, ctx: dict) -> Out:
    """A negative ROI on an awareness action: expected, its goal is visibility (articles 000, 001 and 004)."""
    if roi >= BREAK_EVEN or ctx.get("phase") != "awareness":
        return None
    return say(
        "watch",
        "ROI {v} % is negative, which is expected for an awareness action: it aims at visibility, not at sales in "
        "the short term. Article 000 makes awareness the exception to its 'negative ROI = immediate alert', and "
        "article 001 notes that awareness actions are not meant to perform in the short term. Judge it on reach and "
        "engagement instead (article 004's table gives reach and interactions for awareness on social media).",
        "Le ROI de {v} % est négatif, ce qui est attendu pour une action de notoriété : elle vise la visibilité, pas "
        "des ventes à court terme. L'article 000 fait de la notoriété l'exception à son « ROI négatif = alerte "
        "immédiate », et l'article 001 rappelle que les actions de notoriété n'ont pas vocation à performer à court "
        "terme. Jugez-la plutôt sur la portée et l'engagement (le tableau de l'article 004 donne la portée et les "
        "interactions pour la notoriété sur les réseaux sociaux).",
        v=roi)


def roi_levels(roi: float, ctx: dict) -> Out:
    """Below 0 % alert, 0 % break-even, up to 200 % positive but under target, 200 % target, beyond 300 % excellent."""
    if roi < BREAK_EVEN:
        return say(
            "alert",
            "ROI {v} % is below break-even (0 %): the action brought in less than it cost. Article 000: an immediate "
            "alert, unless it is a launch or an awareness action (give that phase to have it judged as such).",
            "Le ROI de {v} % est sous le point mort (0 %) : l'action a rapporté moins qu'elle n'a coûté. Article "
            "000 : alerte immédiate, sauf en phase de lancement ou pour une action de notoriété (indiquez cette "
            "phase pour qu'elle soit jugée comme telle).",
            v=roi)
    if roi == BREAK_EVEN:
        return say(
            "watch",
            "ROI 0 % is exactly break-even (0 %): the revenue equals the cost, with nothing left to pay for what was "
            "sold. Article 000 recommends aiming at 200 % to be profitable.",
            "Un ROI de 0 % est exactement au point mort (0 %) : les revenus égalent le coût, sans rien pour payer ce "
            "qui a été vendu. L'article 000 recommande de viser 200 % pour être rentable.")
    if roi < TARGET:
        return say(
            "watch",
            "ROI {v} % is above break-even (0 %): the action brings in more than it costs, which article 001 calls "
            "proof that marketing contributes. It is below the 200 % article 000 recommends aiming at to be "
            "profitable: this ROI is on revenue, so what you sold still has to be paid for out of it.",
            "Le ROI de {v} % dépasse le point mort (0 %) : l'action rapporte plus qu'elle ne coûte, ce que l'article "
            "001 tient pour la preuve que le marketing contribue. Il reste sous les 200 % que l'article 000 "
            "recommande de viser pour être rentable : ce ROI porte sur le chiffre d'affaires, dont il faut encore "
            "payer ce qui a été vendu.",
            v=roi)
    if roi <= EXCELLENT:
        return say(
            "good",
            "ROI {v} % reaches the 200 % article 000 recommends aiming at to be profitable; above 300 % (the "
            "article's 'beyond 3') it is excellent.",
            "Le ROI de {v} % atteint les 200 % que l'article 000 recommande de viser pour être rentable ; au-delà "
            "de 300 % (son « au-delà de 3 »), il est excellent.",
            v=roi)
    return say(
        "good",
        "ROI {v} % is excellent: above 300 %, which is what article 000 means by 'beyond 3'.",
        "Le ROI de {v} % est excellent : au-delà de 300 %, ce que l'article 000 appelle « au-delà de 3 ».",
        v=roi)
