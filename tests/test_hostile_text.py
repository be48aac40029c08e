"""Hostile text in every field a user can type: stored exactly, and shown as text (never as HTML,
Markdown, a Streamlit directive or LaTeX) on every page under AppTest and in every report format.

``hostile_case()`` is shared with the browser test (tests/e2e/test_hostile_text_e2e.py). Each field
starts with its own marker (``«title»``) followed by the payloads, so a page that shows a field can
be checked for the whole text, literally.
"""

from __future__ import annotations

import html
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from dilemmakaart.case import Case, case_to_data, parse_case
from dilemmakaart.code import load_code
from dilemmakaart.store import CaseLibrary
from dilemmakaart.text import WORD_JOINER, md_escape
from dilemmakaart.yamlio import dump_yaml
from tests.apptest import open_page

ROOT = Path(__file__).resolve().parents[1]
CASE_ID = "vijandige-tekst"

PAYLOADS = {
    "img": "<img src=x onerror=alert(1)>",
    "script": "<script>window.__pwned=1</script>",
    "link": "[klik](javascript:alert(1))",
    "image": "![x](http://evil.example/x.png)",
    "autolink": "<http://evil.example/a>",
    "colour": ":red[rood]",
    "icon": ":material/home:",
    "latex": "$x^2$",
    "bold": "**vet** _schuin_ `code`",
    "heading": "# kop",
    "rtl": "مرحبا \u202eabc",
    "emoji": "👩🏽‍⚖️🌊",
    "zero_width": "a\u200bb\u200dc\ufeffd",
    "entity": "&lt;b&gt; &amp;",
    "rewrites": "a -> b :smile: www.evil.example mail@evil.example",
}
# Short enough for the fields with the tightest limits (technology: 60 characters).
SHORT = [PAYLOADS["img"], PAYLOADS["link"], PAYLOADS["colour"], PAYLOADS["latex"], PAYLOADS["icon"], PAYLOADS["rtl"]]
ALL = " ".join(PAYLOADS.values())


def field_text(marker: str, payload: str = ALL, limit: int | None = None) -> str:
    text = f"«{marker}» {payload}"
    return text[:limit] if limit else text


def hostile_data() -> dict:
    long_tail = " lang" * 3000  # very long text: some 15,000 characters
    return {
        "format": "dilemmakaart/case@1",
        "id": CASE_ID,
        "title": field_text("title", ALL, 200),
        "description": field_text("description") + "\n\n" + field_text("description2", PAYLOADS["script"]) + long_tail,
        "organisation": field_text("organisation", ALL, 200),
        "organisation_type": "gemeente",
        "technology": [field_text(f"tech{i}", p, 60) for i, p in enumerate(SHORT[:3])],
        "stakeholders": [field_text(f"stakeholder{i}", p, 100) for i, p in enumerate(SHORT)],
        "phase": "pilot",
        "values": [
            {"value": "privacy", "weight": 8, "effect": -3, "note": field_text("note-privacy")},
            {"value": "veiligheid", "weight": 9, "effect": 4, "note": field_text("note-veiligheid")},
            {"value": "transparantie", "weight": 5, "effect": 1, "note": field_text("note-transparantie")},
        ],
        "dilemmas": [
            {
                "a": "privacy",
                "b": "veiligheid",
                "balance": 40,
                "rationale": field_text("rationale"),
                "options": [field_text("option1", PAYLOADS["image"]), field_text("option2", ALL)],
            }
        ],
        "actions": [
            {
                "text": field_text("action"),
                "kind": "techniek",
                "values": ["privacy"],
                "necessity": 3,
                "importance": 2,
                "owner": field_text("owner", ALL, 200),
                "due": "2027-01-15",
            },
            *[  # short texts, so that a shortened view (a table cell) still holds the whole payload
                {"text": field_text(f"action{i}", payload), "necessity": 2, "importance": i}
                for i, payload in enumerate(
                    ["[klik](javascript:alert(1))", ":red[rood] $x^2$ **vet**", "![x](http://evil.example/x.png)"],
                    start=1,
                )
            ],
        ],
        "decision": {
            "text": field_text("decision"),
            "date": "2026-11-01",
            "review": "2027-11-01",
            "by": field_text("by", ALL, 200),
        },
        "sessions": [
            {
                "id": "ronde-een",
                "round": 1,
                "held": "2026-10-01",
                "anonymous": False,
                "responses": [
                    {
                        "participant": field_text(f"participant{i}", p, 100),
                        "role": field_text(f"role{i}", p, 100),
                        "weights": {"privacy": 7 + i, "veiligheid": 8 - i},
                        "effects": {"privacy": -2, "veiligheid": 3},
                        "balances": {"privacy|veiligheid": 20 * i},
                    }
                    for i, p in enumerate(SHORT[:4])
                ],
            }
        ],
    }


def hostile_case(code=None) -> Case:
    return parse_case(hostile_data(), code or load_code(), file_id=CASE_ID)


def write_hostile_case(folder: Path, code=None) -> Path:
    """The hostile case as a file in a library folder, written as the library writes files."""
    path = folder / f"{CASE_ID}.yaml"
    path.write_text(dump_yaml(case_to_data(hostile_case(code))), encoding="utf-8")
    return path


def every_field(case: Case, participants: bool = True) -> list[str]:
    """Every text a user typed into the case (reports leave participants' names out)."""
    out = [case.title, case.description, case.organisation or "", *case.technology, *case.stakeholders]
    out += [v.note for v in case.values]
    for d in case.dilemmas:
        out += [d.rationale, *d.options]
    for a in case.actions:
        out += [a.text, a.owner or ""]
    if case.decision:
        out += [case.decision.text, case.decision.by or ""]
    for s in case.sessions if participants else []:
        for r in s.responses:
            out += [r.participant, r.role or ""]
    return out


# ---------------------------------------------------------------- storage


def test_every_field_survives_the_library_exactly(library_dir, code):
    lib = CaseLibrary(library_dir, code)
    case = hostile_case(code)
    case.revision = 0
    lib.save(case, create=True)
    loaded = lib.load(CASE_ID)
    assert every_field(loaded) == every_field(case)
    for payload in PAYLOADS.values():
        assert payload in loaded.description
    # the file on disk is valid, and the payloads are plain YAML strings
    write_hostile_case(library_dir, code)
    assert lib.load(CASE_ID).title == case.title


def test_the_hostile_case_covers_every_payload_in_every_long_field(code):
    case = hostile_case(code)
    for text in (
        case.description,
        case.values[0].note,
        case.dilemmas[0].rationale,
        case.actions[0].text,
        case.decision.text,
    ):
        for payload in PAYLOADS.values():
            assert payload in text


# ---------------------------------------------------------------- md_escape

SPECIAL = set("\\`*_{}[]()<>#+-.!|~:$&")


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text.replace("  \n", "\n")).replace(WORD_JOINER, "")


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_md_escape_leaves_no_syntax_and_loses_nothing(name):
    raw = PAYLOADS[name] + "\nregel 2"
    escaped = md_escape(raw)
    assert unescape(escaped) == raw
    # what Streamlit rewrites in plain text (links, icons, arrows) is broken up by a word joiner
    for pattern in ("http://", "https://", "www.", ":material", " -> ", "@evil"):
        assert pattern not in escaped.replace("\\", "")
    # every special character is preceded by a backslash (an odd run of backslashes)
    for match in re.finditer(r"[\\`*_{}\[\]()<>#+\-.!|~:$&]", escaped):
        run = len(re.match(r"\\*", escaped[: match.start()][::-1]).group(0))
        assert run % 2 == 1 or escaped[match.start()] == "\\", (name, escaped, match.start())


# ---------------------------------------------------------------- reports


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


@pytest.fixture(scope="module")
def reports():
    from dilemmakaart.report import FORMATS, render_report

    code = load_code()
    case = hostile_case(code)
    return {fmt: render_report(case, fmt, "nl", code=code, figures={}) for fmt in FORMATS}


@pytest.mark.xdist_group("hostile-reports")  # one worker builds the reports once
def test_html_report_runs_nothing_and_shows_everything(reports):
    page = Tags()
    page.feed(reports["html"].decode("utf-8"))
    tags = page.tags
    assert not [t for t, _ in tags if t in ("script", "iframe", "object", "embed")]
    assert "<script>window.__pwned" not in reports["html"].decode()
    assert not [a for t, a in tags if t == "img" and a.get("src") == "x"]
    assert not [
        a for t, a in tags if any(str(v).startswith("javascript:") or "evil.example" in str(v) for v in a.values())
    ]
    assert not [a for t, a in tags if any(k.startswith("on") for k in a)]
    text = "".join(page.text)
    for field in every_field(hostile_case(), participants=False):
        assert field.split("\n")[0][:60] in text, field[:60]


@pytest.mark.xdist_group("hostile-reports")  # one worker builds the reports once
def test_markdown_report_has_no_live_syntax(reports):
    text = reports["md"].decode("utf-8")
    for payload in (PAYLOADS["img"], PAYLOADS["script"]):
        assert payload not in text, payload
    # no Markdown syntax is left live: every bracket, star, backtick and dollar is escaped
    for live in (r"(?<!\\)\]\(", r"(?<!\\)!\[", r"(?<!\\)\$x", r"(?<!\\)\*\*vet", r"(?<!\\)`code"):
        assert not re.search(live, text), live
    # addresses are put in code spans (unescaped backticks), so that no renderer makes them links
    shown = html.unescape(unescape(re.sub(r"(?<!\\)`", "", text)))
    for payload in PAYLOADS.values():
        assert payload in shown, payload


@pytest.mark.xdist_group("hostile-reports")  # one worker builds the reports once
def test_pdf_and_word_reports_show_the_text(reports):
    from docx import Document
    from pypdf import PdfReader

    pdf = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(reports["pdf"])).pages)
    for payload in ("img src=x onerror=alert(1)", "[klik](javascript:alert(1))", ":red[rood]", "$x^2$"):
        assert payload in pdf, payload
    document = Document(io.BytesIO(reports["docx"]))
    words = "\n".join(p.text for p in document.paragraphs)
    words += "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    for payload in PAYLOADS.values():
        assert payload in words, payload


# ---------------------------------------------------------------- every page under AppTest


def navigation_pages() -> list:
    from dilemmakaart.ui.pages import HOME, PAGES

    return [None if page is HOME else page for page in PAGES]


RAW_SYNTAX = [
    PAYLOADS["img"],
    PAYLOADS["script"],
    PAYLOADS["link"],
    PAYLOADS["image"],
    PAYLOADS["colour"],
    PAYLOADS["icon"],
    PAYLOADS["latex"],
    "**vet**",
]


def markdown_bodies(at) -> list[str]:
    """The Markdown source of every element that Streamlit renders as Markdown."""
    out = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "info", "warning", "error", "success"):
        out += [str(e.value) for e in getattr(at, kind)]
    out += [str(e.label) for e in at.expander] + [str(getattr(e, "label", "")) for e in at.tabs]
    for table in at.table:  # st.table shows its cells (and headings) as Markdown too
        frame = table.value
        out += (
            [str(v) for v in frame.to_numpy().ravel()] + [str(c) for c in frame.columns] + [str(i) for i in frame.index]
        )
    for kind in (
        "text_input",
        "text_area",
        "selectbox",
        "multiselect",
        "checkbox",
        "button",
        "slider",
        "radio",
        "toggle",
    ):
        out += [str(getattr(e, "label", "") or "") for e in getattr(at, kind)]
    return out


@pytest.mark.parametrize("page", navigation_pages())
def test_no_page_hands_user_text_to_markdown_unescaped(page, library_dir, monkeypatch, code):
    write_hostile_case(library_dir, code)
    at = open_page(page, library_dir, monkeypatch, query={"case": CASE_ID})
    if page is None:  # the home page shows a case once it is chosen
        at.selectbox(key="home:case").select(CASE_ID).run()
    assert not at.exception, at.exception
    leaks = [(payload, body[:300]) for body in markdown_bodies(at) for payload in RAW_SYNTAX if payload in body]
    assert not leaks, leaks
