"""Realistic synthetic cases for benchmarks and load tests.

Cases look like the examples in ``cases/``: a Dutch title and description of a few paragraphs,
an organisation of a type, technologies, 4–10 values at stake (biased towards the values the code
suggests for the technology), 1–4 dilemmas (mostly from the code's tensions), 2–6 actions and a
decision for about half of them. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from dilemmakaart.case import ACTION_KINDS, ORGANISATION_TYPES, PHASES, STATUSES, case_to_data, new_case
from dilemmakaart.code import ValueCode, load_code
from dilemmakaart.yamlio import dump_yaml

PLACES = [
    "Aa en Hunze",
    "Rivierenland",
    "Zuiderzeeland",
    "Delfland",
    "Utrecht",
    "Groningen",
    "Zwolle",
    "Vechtstromen",
    "Brabantse Delta",
    "Hollands Noorderkwartier",
    "Eindhoven",
    "Leiden",
    "Friesland",
]
ORGANISATION_NAMES = {
    "gemeente": "Gemeente {p}",
    "provincie": "Provincie {p}",
    "waterschap": "Waterschap {p}",
    "rijk": "Ministerie van Voorbeeldzaken",
    "uitvoeringsorganisatie": "Dienst Uitvoering {p}",
    "anders": "Stichting Digitaal {p}",
}
PROJECTS = [
    "sensoren in de openbare ruimte",
    "slimme camera's bij het station",
    "een algoritme voor risicoselectie",
    "een chatbot voor vragen van inwoners",
    "drones boven de dijken",
    "gegevens delen met partners",
    "een app voor meldingen",
    "een digitaal loket voor vergunningen",
    "slimme meters in huurwoningen",
    "een digitale tweeling van de stad",
    "open data over grondwater",
    "satellietbeelden voor handhaving",
]
SENTENCES = [
    "De organisatie wil met deze toepassing sneller zien waar problemen ontstaan.",
    "Inwoners merken er in het dagelijks leven weinig van, maar de gegevens zeggen veel over hen.",
    "Het bestuur vraagt zich af wie de gegevens mag zien en hoe lang ze bewaard worden.",
    "Medewerkers zijn bang dat het contact met inwoners verdwijnt als alles digitaal gaat.",
    "Een leverancier biedt een kant-en-klaar pakket aan; de code is niet openbaar.",
    "Zonder de toepassing blijft het werk handmatig en duurt het langer voordat er iets gebeurt.",
    "De ondernemingsraad en de rekenkamer willen meepraten over de gevolgen.",
    "Er is weinig geld, dus het project moet ook doelmatig zijn.",
]


def synthetic_case(i: int, code: ValueCode, rng: random.Random) -> dict:
    """The data of one realistic case (as written to disk)."""
    org_type = rng.choice(ORGANISATION_TYPES)
    project = rng.choice(PROJECTS)
    place = rng.choice(PLACES)
    tech_ids = [t.id for t in code.technologies]
    technology = rng.sample(tech_ids, rng.randint(1, 3))
    known = [tech for tech in map(code.technology, technology) if tech is not None]
    suggested = [v for tech in known for v in tech.values]
    others = [v.id for v in code.values]
    picked: list[str] = []
    for value in rng.sample(suggested, min(len(suggested), rng.randint(3, 6))) + rng.sample(others, rng.randint(1, 4)):
        if value not in picked:
            picked.append(value)
    values = [
        {"value": v, "weight": rng.randint(2, 10), "effect": rng.randint(-5, 5), "note": rng.choice(SENTENCES)}
        for v in picked
    ]
    pairs = [(t.a, t.b) for t in code.tensions if t.a in picked and t.b in picked]
    if len(picked) >= 2:
        a, b = rng.sample(picked, 2)
        pairs.append((a, b))
    dilemmas, seen = [], set()
    for a, b in pairs[: rng.randint(1, 4)]:
        if frozenset((a, b)) in seen:
            continue
        seen.add(frozenset((a, b)))
        dilemmas.append(
            {
                "a": a,
                "b": b,
                "balance": rng.randint(-10, 10) * 10,
                "rationale": rng.choice(SENTENCES),
                "options": rng.sample(SENTENCES, 2),
            }
        )
    actions = [
        {
            "text": f"Actie {k + 1}: {rng.choice(SENTENCES)}",
            "kind": rng.choice(ACTION_KINDS),
            "values": rng.sample(picked, min(2, len(picked))),
            "necessity": rng.randint(1, 3),
            "importance": rng.randint(1, 3),
            "owner": "Teamleider",
            "status": rng.choice(["open", "bezig", "gereed"]),
        }
        for k in range(rng.randint(2, 6))
    ]
    created = date(2024, 1, 1) + timedelta(days=rng.randint(0, 900))
    case = new_case(
        f"synthetisch-{i:05d}",
        f"{ORGANISATION_NAMES[org_type].format(p=place)}: {project} ({i})",
        description="\n\n".join(" ".join(rng.sample(SENTENCES, 4)) for _ in range(3)),
        organisation=ORGANISATION_NAMES[org_type].format(p=place),
        organisation_type=org_type,
        technology=technology,
        stakeholders=["Inwoners", "Bestuur", "Leverancier"][: rng.randint(1, 3)],
        phase=rng.choice(PHASES),
        status=rng.choice(STATUSES),
        created=created,
        revision=rng.randint(0, 8),
    )
    data = case_to_data(case)
    data["values"] = values
    data["dilemmas"] = dilemmas
    data["actions"] = actions
    if rng.random() < 0.5:
        data["decision"] = {
            "text": rng.choice(SENTENCES),
            "date": (created + timedelta(days=60)).isoformat(),
            "by": "Het bestuur",
        }
    return data


def write_library(folder: Path, n: int, *, seed: int = 7, code: ValueCode | None = None, broken: int = 0) -> list[Path]:
    """Write ``n`` synthetic cases (and ``broken`` unreadable files) into ``folder``."""
    code = code or load_code()
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        data = synthetic_case(i, code, rng)
        path = folder / f"{data['id']}.yaml"
        path.write_text(dump_yaml(data), encoding="utf-8")
        paths.append(path)
    for k in range(broken):
        path = folder / f"kapot-{k}.yaml"
        path.write_text("format: dilemmakaart/case@1\nid: [unclosed\n", encoding="utf-8")
        paths.append(path)
    return paths
