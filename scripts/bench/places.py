#!/usr/bin/env python3
"""Writes N valid places of the national standard (v1.0.2) as CSV, for scripts/bench-places.sh.

    python3 scripts/bench/places.py N FILE

Same N, same file: the values come from the row number, not from chance.
"""
import csv
import sys

FIELDS = ["id", "pivot", "nom", "commune", "code_postal", "code_insee", "adresse", "complement_adresse",
          "latitude", "longitude", "typologie", "telephone", "courriels", "site_web", "horaires",
          "presentation_resume", "presentation_detail", "source", "itinerance", "structure_parente",
          "date_maj", "services", "publics_specifiquement_adresses", "prise_en_charge_specifique",
          "frais_a_charge", "dispositif_programmes_nationaux", "formations_labels",
          "autres_formations_labels", "modalites_acces", "modalites_accompagnement",
          "fiche_acces_libre", "prise_rdv"]
KINDS = ["Médiathèque", "Mairie", "France Services", "Centre social", "Espace public numérique"]
TYPES = ["BIB", "MUNI", "RFS", "CSC", "EPN"]
COMMUNES = ["Vallières-sur-Arlène", "Saint-Méard-des-Coteaux", "Bourg-l'Évêque", "La Roche-Arlène", "Montaigu-le-Haut"]
SERVICES = ["Aide aux démarches administratives", "Maîtrise des outils numériques du quotidien",
            "Accès internet et matériel informatique", "Insertion professionnelle via le numérique"]
HOURS = ["Mo-Fr 09:00-12:00,14:00-17:30", "Tu-Sa 10:00-12:30,14:00-18:00"]


def row(n: int) -> dict:
    kind = n % len(KINDS)
    commune = COMMUNES[n % len(COMMUNES)]
    return {
        "id": f"bench-{n:06d}",
        "pivot": f"{21_000_000_000_000 + n:014d}",
        "nom": f"{KINDS[kind]} n° {n}",
        "commune": commune,
        "code_postal": f"{24000 + n % 1000:05d}",
        "code_insee": f"{24001 + n % 900:05d}",
        "adresse": f"{n % 200 + 1} rue de la Halle",
        "latitude": f"{44 + (n % 10_000) / 10_000:.4f}",
        "longitude": f"{0.5 + (n % 7_000) / 10_000:.4f}",
        "typologie": TYPES[kind],
        "telephone": f"+33553{n % 1_000_000:06d}",
        "courriels": f"contact-{n}@coteaux-arlene.example",
        "horaires": HOURS[n % 2],
        "presentation_resume": "Aide au numérique sans rendez-vous et ateliers collectifs.",
        "source": "Tandem",
        "itinerance": "Fixe",
        "date_maj": f"2026-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
        "services": "|".join(SERVICES[: 1 + n % 3]),
        "frais_a_charge": "Gratuit",
        "modalites_acces": "Se présenter|Téléphoner",
        "modalites_accompagnement": "Accompagnement individuel|Dans un atelier collectif",
    }


def main():
    count, path = int(sys.argv[1]), sys.argv[2]
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\r\n")
        writer.writeheader()
        for n in range(1, count + 1):
            writer.writerow(row(n))


if __name__ == "__main__":
    main()
