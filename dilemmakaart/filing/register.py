"""A draft entry for the Algoritmeregister, with the field names of the government's publication
standard (MinBZK/Algoritmeregister-Publicatiestandaard, chapter 2 "Informatievelden"): filled from
the case where the case knows the answer, empty and listed where it does not, the required fields
("Altijd tonen: Verplicht" in the standard) named. JSON and CSV.

The field list follows the standard's chapter 2 as far as it was available when this was written
(from "Naam" to "Gegevens"); docs/filing.md says so. A field's length limit is checked, never
enforced: a text that is too long is kept whole and listed to shorten.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

from dilemmakaart.case import Case
from dilemmakaart.code import ValueCode
from dilemmakaart.filing import content as c
from dilemmakaart.i18n import format_date, t


@dataclass(frozen=True)
class RegisterField:
    name: str  # the standard's field name, as it is
    section: str  # the standard's section
    required: bool  # "Verplicht": not published while empty
    limit: int | None = None  # the standard's length limit in characters ("< 350 tekens")
    choices: tuple[str, ...] = ()


ALGEMEEN = "Algemene Informatie"
VERANTWOORD = "Verantwoord gebruik"
WERKING = "Werking"
STATUSES = ("In gebruik", "In ontwikkeling", "Buiten gebruik")
CATEGORIES = ("Hoog-risico AI-systemen", "Impactvolle algoritmes", "Overige algoritmes")
FIELDS: tuple[RegisterField, ...] = (
    RegisterField("Naam", ALGEMEEN, True, 100),
    RegisterField("Korte omschrijving", ALGEMEEN, True, 350),
    RegisterField("Organisatie", ALGEMEEN, True, 100),
    RegisterField("Thema", ALGEMEEN, False),
    RegisterField("Status", ALGEMEEN, True, choices=STATUSES),
    RegisterField("Begindatum", ALGEMEEN, False),
    RegisterField("Einddatum", ALGEMEEN, False),
    RegisterField("Contactgegevens", ALGEMEEN, True),
    RegisterField("Link naar publiekspagina", ALGEMEEN, False),
    RegisterField("Publicatiecategorie", ALGEMEEN, True, choices=CATEGORIES),
    RegisterField("Link naar bronregistratie", ALGEMEEN, False),
    RegisterField("Doel en impact", VERANTWOORD, False, 2500),
    RegisterField("Afwegingen", VERANTWOORD, False, 2500),
    RegisterField("Menselijke tussenkomst", VERANTWOORD, False, 2500),
    RegisterField("Risicobeheer", VERANTWOORD, False, 2500),
    RegisterField("Wettelijke basis", VERANTWOORD, False, 2500),
    RegisterField("Link naar wettelijke basis", VERANTWOORD, False),
    RegisterField("Titel van wettelijke basis", VERANTWOORD, False, 100),
    RegisterField("Verwerkingsregister", VERANTWOORD, False),
    RegisterField("Impacttoets(en)", VERANTWOORD, False),
    RegisterField("Link naar Impacttoets", VERANTWOORD, False),
    RegisterField("Toelichting op impacttoetsen", VERANTWOORD, False, 2500),
    RegisterField("Gegevens", WERKING, False, 2500),
)
REQUIRED = tuple(f.name for f in FIELDS if f.required)
PHASE_STATUS = {
    "idee": "In ontwikkeling",
    "ontwerp": "In ontwikkeling",
    "pilot": "In ontwikkeling",
    "in-gebruik": "In gebruik",
    "evaluatie": "In gebruik",
}
HUMAN_VALUES = ("menselijke-eindverantwoordelijkheid", "menselijk-contact")


@dataclass
class RegisterDraft:
    lang: str
    values: dict[str, str]  # field name -> value ("" when open)
    why_open: dict[str, str]  # field name -> what to fill in, in words
    to_check: dict[str, str] = field(default_factory=dict)  # field name -> what to check, in words
    source: list[str] = field(default_factory=list)

    def open_fields(self) -> list[str]:
        return [f.name for f in FIELDS if not self.values.get(f.name)]

    def open_required(self) -> list[str]:
        return [name for name in REQUIRED if not self.values.get(name)]


def _joined(lines: list[str]) -> str:
    return "\n".join(lines)


def build_register(case: Case, code: ValueCode, lang: str) -> RegisterDraft:
    from dilemmakaart.analysis import instruments_next

    values: dict[str, str] = {f.name: "" for f in FIELDS}
    values["Naam"] = case.title
    first = c.paragraphs(case.description)
    values["Korte omschrijving"] = first[0] if first else ""
    values["Organisatie"] = case.organisation or ""
    values["Status"] = PHASE_STATUS.get(case.phase or "", "")
    values["Doel en impact"] = _joined(c.paragraphs(case.description))
    weighing = c.dilemma_lines(case, code, lang) + c.option_lines(case, code, lang) + c.decision_lines(case, lang)
    values["Afwegingen"] = _joined(weighing)
    human = [v for v in case.values if v.value in HUMAN_VALUES and v.note.strip()]
    human_actions = c.action_lines(case, code, lang, kinds=None)
    human_actions = [
        line for line, a in zip(human_actions, case.actions, strict=True) if any(v in HUMAN_VALUES for v in a.values)
    ]
    values["Menselijke tussenkomst"] = _joined([v.note.strip() for v in human] + human_actions)
    values["Risicobeheer"] = _joined(c.pressure_lines(case, code, lang) + c.action_lines(case, code, lang))
    to_check: dict[str, str] = {}
    for f in FIELDS:
        text = values[f.name]
        if text and f.limit is not None and len(text) > f.limit:
            to_check[f.name] = t("filing.reg.too_long", lang, n=len(text), limit=f.limit)
    if values["Korte omschrijving"]:
        to_check.setdefault("Korte omschrijving", t("filing.reg.check_short", lang))
    if values["Status"]:
        which = "check_status_use" if values["Status"] == "In gebruik" else "check_status"
        to_check.setdefault("Status", t(f"filing.reg.{which}", lang, phase=case.phase or "-"))
    why_open = {f.name: t(f"filing.reg.open.{_slug(f.name)}", lang) for f in FIELDS if not values[f.name]}
    advice = [a.instrument.name(lang) for a in instruments_next(case, code) if a.id in ("dpia", "iama")]
    if "Impacttoets(en)" in why_open and advice:
        why_open["Impacttoets(en)"] += " " + t("filing.reg.suggested", lang, names=", ".join(advice))
    return RegisterDraft(lang, values, why_open, to_check, c.source_lines(case, code, lang))


def _slug(name: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in name.lower()).strip("_")


def register_json(draft: RegisterDraft, case: Case) -> str:
    lang = draft.lang
    data = {
        "concept": t("filing.reg.notice", lang),
        "standaard": "Algoritmeregister-Publicatiestandaard, hoofdstuk 2 (Informatievelden)",
        "bron": {"casus": case.id, "revisie": case.revision, "kader": case.code, "kaderversie": case.code_version},
        "velden": {f.name: draft.values[f.name] for f in FIELDS},
        "verplichte_velden": list(REQUIRED),
        "open_velden": [
            {"veld": name, "verplicht": name in REQUIRED, "toelichting": draft.why_open.get(name, "")}
            for name in draft.open_fields()
        ],
        "te_controleren": [{"veld": name, "toelichting": why} for name, why in draft.to_check.items()],
        "gemaakt": format_date(case.updated, lang) if case.updated else "",
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def register_csv(draft: RegisterDraft) -> str:
    """One row per field: the standard's section and field name, the value, required, and whether
    it is filled, open or to check, with what to do. The first row is the draft notice."""
    lang = draft.lang
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(
        [t(f"filing.reg.col.{k}", lang) for k in ("section", "field", "value", "required", "state", "note")]
    )
    writer.writerow(["", t("filing.draft", lang), t("filing.reg.notice", lang), "", "", ""])
    for f in FIELDS:
        value = draft.values[f.name]
        if not value:
            state, note = t("filing.reg.state.open", lang), draft.why_open.get(f.name, "")
        elif f.name in draft.to_check:
            state, note = t("filing.reg.state.check", lang), draft.to_check[f.name]
        else:
            state, note = t("filing.reg.state.filled", lang), ""
        writer.writerow([f.section, f.name, value, t("filing.yes" if f.required else "filing.no", lang), state, note])
    return "\ufeff" + buffer.getvalue()  # a byte order mark: Excel then reads the accents right
