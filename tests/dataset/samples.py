"""Sample exports shared by the data tests (and the browser test)."""

from __future__ import annotations

# What French Excel writes with "CSV (séparateur : point-virgule)": Windows-1252, a title line, a TOTAL line.
EXCEL_FR = ("Export Google Ads — période janvier à mars 2026\n"
            "Mois;Canal;Dépenses (€);Clics;Leads;Clients;Chiffre d'affaires (€)\n"
            "janv. 2026;Référencement payant;1 200,50;800;60;15;4 500,00\n"
            "janv. 2026;Réseaux sociaux;900,00;1 200;45;9;2 700,00\n"
            "févr. 2026;Référencement payant;1 300,00;850;70;13;3 900,00\n"
            "févr. 2026;Réseaux sociaux;1 000,00;1 100;40;10;3 000,00\n"
            "TOTAL;;4 400,50;3 950;215;47;14 100,00\n")
