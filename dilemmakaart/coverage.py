"""Which laws already cover a value, and what the value asks beyond them (issue 16).

The laws come from the framework file itself: a value's legal floors (``legal_floors``: the law
and its articles) and its instruments that are laws (the AVG, the Woo …). An item of another
framework with neither takes the laws of the items of the default code it covers or equals in the
crosswalk, said as such. ``beyond_law`` in the framework file says, in plain words, what the value
asks beyond the law. These are pointers for a board, not legal advice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dilemmakaart.code import Value, ValueCode
from dilemmakaart.i18n import t

# The laws the product knows: id -> short name (as people in the Netherlands write it).
LAWS: dict[str, str] = {
    "avg": "AVG",
    "grondwet": "Grondwet",
    "awgb": "Algemene wet gelijke behandeling",
    "awb": "Algemene wet bestuursrecht",
    "woo": "Wet open overheid",
    "archiefwet": "Archiefwet",
    "bio": "BIO",
    "ai-act": "AI-verordening",
    "bdto": "Besluit digitale toegankelijkheid overheid",
    "nis2": "Cyberbeveiligingswet (NIS2)",
    "wdo": "Wet digitale overheid",
}
# A framework's instruments that are laws (or, for the BIO, a binding standard); the DPIA is the AVG's.
INSTRUMENT_LAW = {
    "avg": "avg",
    "dpia": "avg",
    "woo": "woo",
    "archiefwet": "archiefwet",
    "bio": "bio",
    "ai-act": "ai-act",
    "awb": "awb",
    "wcag": "bdto",
    "nis2": "nis2",
    "wdo": "wdo",
}
# How a legal floor's ``law`` is written in the framework file -> the law's id.
FLOOR_LAW = {
    "avg": "avg",
    "grondwet": "grondwet",
    "algemene wet gelijke behandeling": "awgb",
    "awgb": "awgb",
    "algemene wet bestuursrecht": "awb",
    "awb": "awb",
    "wet open overheid": "woo",
    "woo": "woo",
    "archiefwet": "archiefwet",
    "bio": "bio",
    "ai-verordening": "ai-act",
    "ai act": "ai-act",
}


@dataclass(frozen=True)
class LawCover:
    law: str  # an id of LAWS, or the floor's own words when the product does not know the law
    articles: list[str] = field(default_factory=list)
    via: list[str] = field(default_factory=list)  # items of the default code it came through (crosswalk)

    def name(self) -> str:
        return LAWS.get(self.law, self.law)


@dataclass(frozen=True)
class Coverage:
    value: str
    laws: list[LawCover]
    beyond: str | None  # what the value asks beyond the law, in the language asked; None: not written


def _own_laws(value: Value) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for floor in value.legal_floors:
        law = FLOOR_LAW.get(floor.law.strip().lower(), floor.law.strip())
        articles = found.setdefault(law, [])
        if floor.article and floor.article not in articles:
            articles.append(floor.article)
    for inst in value.instruments:
        inst_law = INSTRUMENT_LAW.get(inst)
        if inst_law is not None:
            found.setdefault(inst_law, [])
    return found


def coverage(code: ValueCode, value_id: str, lang: str, *, through: ValueCode | None = None) -> Coverage:
    """The laws that cover ``value_id`` of ``code``; for an item with none of its own, the laws of
    the items of ``through`` (the default code) it covers or equals in the crosswalk."""
    value = code.value(value_id)
    own = _own_laws(value)
    laws = [LawCover(law, articles) for law, articles in own.items()]
    if not laws and through is not None and through.id != code.id:
        from dilemmakaart.crosswalk import CARRIES, usable_crosswalk

        walk, _ = usable_crosswalk()  # a broken crosswalk file: no laws through it (the pages say why)
        via: dict[str, list[str]] = {}
        for other, relation in walk.related(code.id, value_id, through.id):
            if relation not in CARRIES:  # only what this item covers or equals
                continue
            for law in _own_laws(through.value(other)):
                via.setdefault(law, []).append(other)
        laws = [LawCover(law, [], items) for law, items in via.items()]
    order = list(LAWS)
    laws.sort(key=lambda c: order.index(c.law) if c.law in order else len(order))
    return Coverage(value_id, laws, value.beyond_law(lang) if value.beyond_law is not None else None)


def coverage_line(code: ValueCode, cover: Coverage, lang: str, through: ValueCode | None = None) -> str:
    """The laws in one line: "AVG (art. 5, art. 6), Wet open overheid" or that no law covers it."""
    if not cover.laws:
        return t("cov.none", lang)
    parts = []
    for law in cover.laws:
        text = law.name() + (f" ({', '.join(law.articles)})" if law.articles else "")
        if law.via and through is not None:
            text += " " + t("cov.via", lang, items=", ".join(through.value_name(v, lang) for v in law.via))
        parts.append(text)
    return ", ".join(parts)


def coverage_rows(code: ValueCode, lang: str, through: ValueCode | None = None) -> list[dict[str, str]]:
    """One row per value: its name, the laws that cover it, and what it adds beyond them."""
    rows = []
    for value in code.values:
        cover = coverage(code, value.id, lang, through=through)
        rows.append(
            {
                t("cov.col.value", lang): value.name(lang),
                t("cov.col.laws", lang): coverage_line(code, cover, lang, through),
                t("cov.col.beyond", lang): cover.beyond or t("cov.beyond_missing", lang),
            }
        )
    return rows
