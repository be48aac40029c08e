"""The board report: what it says (hand-computed), and each format opened and read back."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from dilemmakaart.case import parse_case
from dilemmakaart.i18n import format_date as fmt_date
from dilemmakaart.report import FORMATS, render_report, report_file_name, write_report
from dilemmakaart.report.blocks import Figure, Table
from dilemmakaart.report.content import (
    build_content,
    effect_words,
    next_instruments,
    session_rounds,
)
from dilemmakaart.report.figures import case_figures, figure_text
from dilemmakaart.report.markdown import md
from dilemmakaart.store import read_case_file
from dilemmakaart.wording import balance_words, signed
from tests.conftest import minimal_case

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "cases").glob("*.yaml"))
TODAY = date(2026, 11, 28)

HOSTILE = {
    "script": "<script>alert(1)</script>",
    "link": "[link](javascript:x)",
    "bold": "**bold**",
    "rtl": "שלום עולם",
    "emoji": "Dijk 🌊 veilig",
}


def hostile_case(code):
    text = " ".join(HOSTILE.values())
    return parse_case(
        minimal_case(
            title="Proef " + HOSTILE["script"],
            description="Eerste alinea met "
            + HOSTILE["link"]
            + "\n\nTweede alinea "
            + HOSTILE["bold"]
            + " "
            + HOSTILE["rtl"],
            organisation="Gemeente " + HOSTILE["emoji"],
            stakeholders=["Inwoners " + HOSTILE["bold"]],
            values=[
                {"value": "privacy", "weight": 8, "effect": -3, "note": "Let op: " + HOSTILE["script"]},
                {"value": "veiligheid", "weight": 9, "effect": 4, "note": HOSTILE["link"]},
            ],
            dilemmas=[
                {"a": "privacy", "b": "veiligheid", "balance": 40, "rationale": text, "options": [HOSTILE["bold"]]}
            ],
            actions=[
                {"text": "Actie " + HOSTILE["script"], "owner": HOSTILE["emoji"], "necessity": 2, "importance": 3}
            ],
            decision={
                "text": "Besluit " + HOSTILE["link"],
                "date": "2026-01-28",
                "review": "2027-01-27",
                "by": HOSTILE["rtl"],
            },
        ),
        code,
    )


@pytest.fixture(scope="module")
def drones(code):
    return read_case_file(ROOT / "cases" / "drones-dijkinspectie.yaml", code)


@pytest.fixture(scope="module")
def camera(code):
    return read_case_file(ROOT / "cases" / "slimme-camera-stationsgebied.yaml", code)


# ---------------------------------------------------------------- content, hand-computed


def test_balance_words_thresholds():
    assert balance_words("A", "B", 0, "nl") == "beide wegen even zwaar"
    assert balance_words("A", "B", -20, "en") == "A weighs slightly more (−20)"
    assert balance_words("A", "B", 33, "en") == "B weighs slightly more (+33)"
    assert balance_words("A", "B", 34, "en") == "B clearly weighs more (+34)"
    assert balance_words("A", "B", -67, "nl") == "A weegt veel zwaarder (−67)"
    assert balance_words("A", "B", 100, "en") == "B weighs much more (+100)"


def test_small_helpers():
    assert signed(-2) == "−2" and signed(3) == "+3" and signed(0) == "0" and signed(1.5) == "+1.5"
    assert effect_words(-3, "nl") == "−3 (onder druk)"
    assert effect_words(0, "en") == "0 (neutral)"
    assert fmt_date(date(2026, 1, 28), "nl") == "28 januari 2026"
    assert fmt_date(date(2026, 3, 5), "en") == "5 March 2026"
    assert fmt_date(None, "nl") == "—"
    assert md("**x** [a](b) <i> #1 & y") == r"\*\*x\*\* \[a\](b) &lt;i&gt; \#1 &amp; y"
    assert md("- item") == r"\- item" and md("1. first") == r"1\. first"


def test_actions_sorted_by_priority_with_words(code):
    case = parse_case(
        minimal_case(
            actions=[
                {"text": "laag", "necessity": 1, "importance": 2},
                {"text": "geen prioriteit"},
                {
                    "text": "hoog",
                    "necessity": 3,
                    "importance": 3,
                    "kind": "techniek",
                    "owner": "CISO",
                    "due": "2026-04-30",
                    "status": "bezig",
                },
                {"text": "midden", "necessity": 2, "importance": 2},
            ]
        ),
        code,
    )
    report = build_content(case, code, "nl", today=TODAY)
    table = next(b for b in report.blocks if isinstance(b, Table) and b.columns[0] == "Actie")
    assert [r[0] for r in table.rows] == ["hoog", "midden", "laag", "geen prioriteit"]
    assert table.rows[0][1:] == ["techniek", "—", "9", "CISO", "30\u00a0april\u00a02026", "bezig"]
    assert table.rows[3][3] == "—"


def test_values_grouped_by_foundation_and_reconstructed_listed(drones, code):
    report = build_content(drones, code, "nl", today=TODAY)
    text = report.text()
    tables = [
        b for b in report.blocks if isinstance(b, Table) and b.columns[0] == "Waarde" and b.columns[1] == "Principe"
    ]
    # drones: democratie (betrokkenheid, duurzaamheid), rechtsstaat (privacy, zorgvuldigheid, transparantie),
    # bestuurskracht (veiligheid, doelmatigheid, menselijke-eindverantwoordelijkheid, lerend-vermogen)
    assert len(tables) == 3
    assert sum(len(t.rows) for t in tables) == len(drones.values) == 9
    first_bk = tables[2].rows[0]
    assert first_bk[0] == "Veiligheid" and first_bk[2] == "10" and first_bk[3] == "+4 (versterkt)"
    reconstructed = [code.value_name(v, "nl") for v in drones.tagged() if code.value(v).status == "reconstructed"]
    assert reconstructed and all(name in text for name in reconstructed)
    line = next(line for line in text.splitlines() if line.startswith("Let op"))
    confirmed = [code.value_name(v, "nl") for v in drones.tagged() if code.value(v).status == "confirmed"]
    assert not any(name in line.split(":", 1)[1].split(",") for name in confirmed)
    assert "Meijer" in text and "2021" in text
    assert "versie 7" in text.lower() and "28 november 2026" in text


def test_summary_names_important_values_under_pressure(code):
    case = parse_case(
        minimal_case(
            values=[
                {"value": "privacy", "weight": 8, "effect": -3},
                {"value": "vrijheid", "weight": 4, "effect": -4},  # not important enough
                {"value": "veiligheid", "weight": 9, "effect": 4},  # strengthened
            ]
        ),
        code,
    )
    text = build_content(case, code, "en", today=TODAY).text()
    assert "Values at stake: 3; of these under pressure: 2." in text
    assert "important and under pressure: Privacy." in text


def test_session_rounds_hand_computed(code):
    case = parse_case(
        minimal_case(
            values=[{"value": "privacy", "weight": 5, "effect": -1}],
            dilemmas=[{"a": "privacy", "b": "veiligheid", "balance": 0}],
            sessions=[
                {
                    "id": "r1",
                    "round": 1,
                    "held": "2026-10-08",
                    "responses": [
                        {"participant": "p1", "weights": {"privacy": 2}, "balances": {"privacy|veiligheid": -100}},
                        {"participant": "p2", "weights": {"privacy": 4}, "balances": {"privacy|veiligheid": 100}},
                        {"participant": "p3", "weights": {"privacy": 9}},
                    ],
                },
                {
                    "id": "r1",
                    "round": 2,
                    "responses": [
                        {"participant": "p1", "weights": {"privacy": 6}},
                        {"participant": "p2", "weights": {"privacy": 6}},
                    ],
                },
            ],
        ),
        code,
    )
    rounds = session_rounds(case)
    assert [r.round for r in rounds] == [1, 2] and [r.participants for r in rounds] == [3, 2]
    w1 = rounds[0].summary.items["weight:privacy"]
    assert w1.median == 4 and w1.n == 3
    b1 = rounds[0].summary.items["balance:privacy|veiligheid"]
    assert b1.median == 0 and b1.spread == 0.5  # half at each end of the scale
    text = build_content(case, code, "nl", today=TODAY).text()
    assert "Ronde 1" in text and "Deelnemers: 3 · gehouden op 8 oktober 2026" in text
    assert "Beweging van ronde 1 naar ronde 2" in text
    # movement over the two people who answered both rounds (p3 skipped round 2): 2, 4 → 6, 6
    assert "4 → 6" not in text and "3 → 6" in text and "dichter bij elkaar" in text
    assert "Over de 2 mensen die in beide rondes antwoordden" in text
    assert "50%" in text


def test_no_sessions_no_session_section(drones, code):
    assert "Uitkomsten van de sessies" not in build_content(drones, code, "nl", today=TODAY).text()


def test_instruments_follow_values_and_technology(drones, code):
    found = next_instruments(drones, code, "en")
    names = [name for name, _, _ in found]
    assert any("DPIA" in n for n in names)  # privacy + drone/camera
    dpia = next(f for f in found if "DPIA" in f[0])
    assert "Privacy" in dpia[2]
    empty = parse_case(minimal_case(), code)
    assert next_instruments(empty, code, "en") == []
    assert "No instrument in the code fits this case." in build_content(empty, code, "en", today=TODAY).text()


def test_empty_case_says_so_in_every_section(code):
    case = parse_case(minimal_case(), code)
    text = build_content(case, code, "nl", today=TODAY).text()
    for phrase in (
        "Er is geen beschrijving ingevuld.",
        "Er zijn nog geen waarden gekozen.",
        "Er zijn nog geen dilemma's afgewogen.",
        "Er zijn nog geen acties.",
        "Er is nog geen besluit genomen.",
    ):
        assert phrase in text
    for fmt in FORMATS:
        assert render_report(case, fmt, "nl", code=code, today=TODAY)


# ---------------------------------------------------------------- reading each format back


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())  # lines wrap anywhere


def docx_doc(data: bytes):
    import docx

    return docx.Document(io.BytesIO(data))


def docx_text(data: bytes) -> str:
    doc = docx_doc(data)
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


class Structure(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.stack: list[str] = []
        self.headings: list[tuple[str, str]] = []
        self.styles: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)
        if self.stack and self.stack[-1] in ("h1", "h2", "h3"):
            self.headings.append((self.stack[-1], data))
        if self.stack and self.stack[-1] == "style":
            self.styles.append(data)


def html_structure(data: bytes) -> Structure:
    parser = Structure()
    parser.feed(data.decode("utf-8"))
    return parser


def assert_self_contained(data: bytes) -> None:
    page = html_structure(data)
    for tag, attrs in page.tags:
        for name in ("src", "href", "srcset", "action", "poster", "data"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("http:", "https:", "//", "ftp:")), (tag, name, value[:80])
            if tag == "img" and name == "src":
                assert value.startswith("data:image/"), value[:40]
        assert tag not in ("script", "link", "iframe", "object", "embed"), tag
    text = data.decode("utf-8")
    assert "<script" not in text.lower().replace("&lt;script", "")
    css = "\n".join(page.styles)
    assert "@import" not in css and "url(" not in css and "@font-face" not in css


@pytest.fixture(scope="module")
def drones_figures(drones, code):
    return case_figures(drones, code, "nl")


@pytest.fixture(scope="module")
def drones_files(drones, code, drones_figures):
    return {fmt: render_report(drones, fmt, "nl", code=code, figures=drones_figures, today=TODAY) for fmt in FORMATS}


def test_figures_render_once_with_png_and_svg(drones_figures):
    assert set(drones_figures) == {"map", "wheel", "tradeoffs"}
    for fig in drones_figures.values():
        assert isinstance(fig, Figure)
        assert fig.png and fig.png.startswith(b"\x89PNG")
        assert fig.svg and fig.svg.lstrip().startswith("<svg")
        assert fig.sentences


def test_pdf_content(drones_files, drones):
    data = drones_files["pdf"]
    assert data.startswith(b"%PDF")
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)  # A4
    text = pdf_text(data)
    for phrase in (
        drones.title,
        "Waterschap Lage Landen",
        "Waarden die op het spel staan",
        "Dilemmakaart",
        "Veiligheid – Privacy",
        "Het algemeen bestuur besluit",
        "28 januari 2026",
        "Pagina 1 van",
        "Dijkwachters (vrijwilligers)",
        "Coördinator calamiteitenzorg",
    ):
        assert phrase in text, phrase
    assert "28 november 2026" in reader.pages[1].extract_text()  # the header on page 2
    # the charts are embedded as images, large enough to print sharply
    images = [img for page in reader.pages for img in page.images]
    assert len(images) >= 3
    assert max(img.image.size[0] for img in images) >= 1500


def test_pdf_typography_characters(code):
    case = parse_case(minimal_case(title="Ëën café – naïef — „quote” ‘x’"), code)
    text = pdf_text(render_report(case, "pdf", "nl", code=code, today=TODAY))
    assert "Ëën café – naïef — „quote” ‘x’" in text


def test_docx_content(drones_files, drones):
    data = drones_files["docx"]
    doc = docx_doc(data)
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert ("Title", drones.title) in headings
    assert ("Heading 1", "Waarden die op het spel staan") in headings
    assert ("Heading 1", "Acties") in headings
    assert ("Heading 2", "Veiligheid – Privacy") in headings
    action_table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Actie")
    assert [c.text for c in action_table.rows[0].cells][:4] == ["Actie", "Soort", "Borgt", "Prio"]
    assert action_table.rows[0]._tr.trPr is not None  # the header row repeats on every page
    assert len(action_table.rows) == 1 + len(drones.actions)
    assert len(doc.inline_shapes) == 3  # map, wheel, trade-offs as pictures
    section = doc.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    text = docx_text(data)
    assert "Het algemeen bestuur besluit" in text and "Coördinator calamiteitenzorg" in text
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert any(name.startswith("word/media/") for name in z.namelist())
        assert "PAGE" in z.read("word/footer1.xml").decode()


def test_html_structure_and_self_contained(drones_files, drones):
    data = drones_files["html"]
    assert_self_contained(data)
    page = html_structure(data)
    tags = [t for t, _ in page.tags]
    assert tags.count("img") == 3 and tags.count("table") >= 5 and "th" in tags
    assert ("h1", drones.title) in page.headings
    assert ("h2", "Waarden die op het spel staan") in page.headings
    assert ("h3", "Veiligheid – Privacy") in page.headings
    imgs = [a for t, a in page.tags if t == "img"]
    assert all(a["src"].startswith("data:image/svg+xml;base64,") and a.get("alt") for a in imgs)
    assert page.tags[0][0] == "html" and page.tags[0][1].get("lang") == "nl"
    assert "Content-Security-Policy" in data.decode()


def test_markdown_content(drones_files, drones):
    text = drones_files["md"].decode("utf-8")
    assert text.startswith("*Rapport voor het bestuur*\n\n# Drones met camera")
    assert "## Waarden die op het spel staan" in text
    assert "| Waarde | Principe | Gewicht | Effect | Toelichting |" in text
    assert "### Dilemmakaart" in text and "Privacy" in text.split("### Dilemmakaart")[1][:1500]  # charts as text
    assert "![" not in text  # no images unless asked


def test_markdown_with_images_written_next_to_it(drones, code, drones_figures, tmp_path):
    out = write_report(drones, "md", "nl", tmp_path / "rapport.md", code=code, figures=drones_figures, images=True)
    text = out.read_text(encoding="utf-8")
    assert "![Dilemmakaart](<rapport-images/map.png>)" in text
    for key in ("map", "wheel", "tradeoffs"):
        assert (tmp_path / "rapport-images" / f"{key}.png").read_bytes().startswith(b"\x89PNG")


def test_english_report(camera, code):
    data = render_report(camera, "md", "en", code=code, today=TODAY).decode()
    assert "*Report for the board*" in data and "## Values at stake" in data
    assert "## Results of the sessions" in data and "Movement from round 1 to round 2" in data
    assert "28 November 2026" in data


def test_file_names():
    class C:
        id = "drones"

    assert report_file_name(C, "pdf", "nl") == "drones-rapport.pdf"
    assert report_file_name(C, "docx", "en") == "drones-report.docx"


def test_unknown_format_refused(drones, code):
    with pytest.raises(ValueError):
        render_report(drones, "rtf", "nl", code=code)


# ---------------------------------------------------------------- hostile user text


@pytest.fixture(scope="module")
def hostile_files(code):
    case = hostile_case(code)
    figures = case_figures(case, code, "nl")
    return {fmt: render_report(case, fmt, "nl", code=code, figures=figures, today=TODAY) for fmt in FORMATS}


def test_hostile_text_literal_in_html(hostile_files):
    data = hostile_files["html"]
    assert_self_contained(data)
    page = html_structure(data)
    assert not any(t == "script" for t, _ in page.tags)
    assert not any(t in ("strong", "a") and t for t, a in page.tags if t == "a")
    text = "".join(page.text)
    for value in HOSTILE.values():
        assert value in text, value
    raw = data.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    assert "javascript:" not in " ".join(str(a) for _, a in page.tags)


def unescape_markdown(text: str) -> str:
    """What a CommonMark reader shows for escaped text: backslash escapes and entities resolved."""
    import html

    return html.unescape(re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text))


def test_hostile_text_literal_in_markdown(hostile_files):
    text = hostile_files["md"].decode()
    assert "<script>" not in text  # no raw HTML
    assert not re.search(r"(?<!\\)\]\(", text) and not re.search(r"(?<!\\)\[link", text)  # no link syntax left
    assert not re.search(r"(?<!\\)\*(?<!\\)\*bold", text)  # no emphasis
    assert r"\*\*bold\*\*" in text and r"\[link\](javascript:x)" in text and "&lt;script&gt;" in text
    shown = unescape_markdown(text)
    for value in HOSTILE.values():
        assert value in shown, value


def test_hostile_text_literal_in_pdf(hostile_files):
    from dilemmakaart.report.pdf import symbol_font

    text = pdf_text(hostile_files["pdf"])
    for key in ("script", "link", "bold"):
        assert HOSTILE[key] in text, key
    if symbol_font() is not None:  # emoji beyond DejaVu's set need Symbola (fonts-symbola)
        assert HOSTILE["emoji"] in text
    else:
        assert "Dijk" in text and "veilig" in text
    from dilemmakaart.report.pdf import shaping_available

    if shaping_available():  # uharfbuzz: right-to-left text laid out and stored in reading order
        assert HOSTILE["rtl"] in text
    else:  # without a shaping engine the PDF holds right-to-left text in visual order
        assert HOSTILE["rtl"] in text or HOSTILE["rtl"][::-1] in text


def test_hostile_text_literal_in_docx(hostile_files):
    text = docx_text(hostile_files["docx"])
    for value in HOSTILE.values():
        assert value in text, value


# ---------------------------------------------------------------- every example, both languages, four formats


_FIGURES: dict = {}


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_example_every_format(path, lang, code):
    case = read_case_file(path, code)
    if path.stem not in _FIGURES:  # charts drawn once per case (small PNG): this test is about the layout
        _FIGURES[path.stem] = case_figures(case, code, "nl", scale=1.0)
    figures = {
        key: replace(fig, **{k: getattr(fresh, k) for k in ("title", "caption", "sentences", "table", "words")})
        for key, fig in _FIGURES[path.stem].items()
        for fresh in [figure_text(key, case, code, lang)]
    }
    for fmt in FORMATS:
        data = render_report(case, fmt, lang, code=code, figures=figures, today=TODAY)
        assert len(data) > 1000, fmt
        if fmt == "html":
            assert_self_contained(data)
            assert case.title.split()[0] in "".join(html_structure(data).text)
            assert re.search(r"(Values at stake|Waarden op het spel): \d+", data.decode())
        if fmt == "pdf":
            assert case.title.split()[0] in pdf_text(data)
        if fmt == "docx":
            assert docx_doc(data).paragraphs[1].text == case.title


# ---------------------------------------------------------------- the PDF's layout


def _pdf_pages(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_pdf_long_value_note_flows_over_pages(code):
    """A note as long as the form allows (5,000 characters) does not fail with "row too high": the
    table points to a note below it, and the whole text is printed there, over pages."""
    words = ("Deze toelichting is lang omdat de raad alles wil weten over de camera's en de gegevens. " * 60)[:5000]
    case = parse_case(
        minimal_case(
            values=[
                {"value": "privacy", "weight": 8, "effect": -3, "note": words.strip()},
                {"value": "veiligheid", "weight": 9, "effect": 4, "note": "Kort."},
            ]
        ),
        code,
    )
    pages = _pdf_pages(render_report(case, "pdf", "nl", code=code, figures={}, today=TODAY))
    text = _flat(" ".join(pages))
    assert "zie noot 1 onder de tabel" in text
    assert "Noot 1 – Privacy · Toelichting" in text
    assert text.count("Deze toelichting is lang") == words.count("Deze toelichting is lang") == 57
    assert text.count("de raad alles wil weten over de camera's") == 57
    assert len(pages) >= 3


def test_pdf_table_columns_keep_words_and_dates_whole(code):
    """Column widths follow the content: no word and no date is broken over two lines."""
    case = parse_case(
        minimal_case(
            values=[{"value": "menselijke-eindverantwoordelijkheid", "weight": 8, "effect": -1}],
            actions=[
                {
                    "text": "Een audit laten doen",
                    "owner": "Verantwoordelijkheidscoördinator",
                    "due": "2027-03-01",
                    "status": "open",
                    "values": ["menselijke-eindverantwoordelijkheid"],
                    "necessity": 3,
                    "importance": 3,
                    "kind": "omgeving",
                }
            ],
        ),
        code,
    )
    text = "\n".join(_pdf_pages(render_report(case, "pdf", "nl", code=code, figures={}, today=TODAY)))
    lines = [line.strip() for line in text.splitlines()]
    assert "1 maart 2027" in text.replace("\u00a0", " ")
    assert any("Verantwoordelijkheidscoördinator" in line for line in lines)
    assert any("eindverantwoordelijkheid" in line for line in lines)
    assert not any(line.endswith(("Verantwoordelijkhei", "202", "maart")) for line in lines)


@pytest.mark.parametrize("path", EXAMPLES[:4], ids=lambda p: p.stem)
def test_pdf_no_heading_alone_at_the_foot_of_a_page(path, code):
    case = read_case_file(path, code)
    report = build_content(case, code, "nl", today=TODAY, figures={})
    headings = {b.text for b in report.blocks if type(b).__name__ == "Heading"}
    pages = _pdf_pages(render_report(case, "pdf", "nl", code=code, today=TODAY))
    for number, page in enumerate(pages[:-1], start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        body = [line for line in lines if "Pagina " not in line and line != report.kind]
        assert body, number
        last = body[-1]
        assert not any(h == last or (len(last) > 6 and h.endswith(last)) for h in headings), (number, last)


def test_pdf_says_when_characters_cannot_be_shown(code, monkeypatch):
    """Without a font for emoji the PDF says so on its first page, instead of dropping them silently."""
    from dilemmakaart.report import pdf

    case = parse_case(minimal_case(title="Dijk 🌊 veilig", organisation="Waterschap"), code)
    monkeypatch.setattr(pdf, "symbol_font", lambda: None)
    first = _flat(_pdf_pages(render_report(case, "pdf", "nl", code=code, figures={}, today=TODAY))[0])
    assert "Let op: 1 teken in deze casus (zoals emoji) kan deze PDF niet tonen" in first
    monkeypatch.undo()
    if pdf.symbol_font() is not None:
        first = _flat(_pdf_pages(render_report(case, "pdf", "nl", code=code, figures={}, today=TODAY))[0])
        assert "kan deze PDF niet tonen" not in first


# ---------------------------------------------------------------- Markdown: user text never becomes a link


ADDRESSES = [
    "https://evil.example/pad?a=1&b=2",
    "http://evil.example",
    "www.evil.example/x_y",
    "jan.de-vries@evil.example",
    "mailto:jan@evil.example",
    "ftp://evil.example/f",
]


def test_markdown_addresses_are_not_links_in_github_markdown(code):
    """GitHub's renderer (cmark-gfm) links bare web and e-mail addresses by itself; in the report they
    stay text: shown whole (to copy), never an <a>."""
    import cmarkgfm
    from cmarkgfm.cmark import Options

    said = "Zie " + ", ".join(ADDRESSES) + "."
    case = parse_case(
        minimal_case(
            title="Titel met www.evil.example",
            description=said + "\n\n" + ADDRESSES[3],
            organisation="Gemeente (https://evil.example)",
            stakeholders=[ADDRESSES[0], ADDRESSES[3]],
            values=[{"value": "privacy", "weight": 8, "effect": -3, "note": said}],
            dilemmas=[{"a": "privacy", "b": "veiligheid", "balance": 10, "rationale": said, "options": [said]}],
            actions=[{"text": said, "owner": ADDRESSES[3], "necessity": 2, "importance": 3}],
            decision={"text": said, "by": ADDRESSES[4]},
        ),
        code,
    )
    text = render_report(case, "md", "nl", code=code, today=TODAY).decode("utf-8")
    html = cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE)
    assert "<a " not in html and "href" not in html
    for address in ADDRESSES:
        assert f"<code>{address.replace('&', '&amp;')}</code>" in html, address
    assert html.count("<code>https://evil.example/pad?a=1&amp;b=2</code>") >= 7


def test_markdown_address_escaping_can_fail():
    """The renderer does link what md() would otherwise leave bare (so the test above can fail)."""
    import cmarkgfm

    assert "<a " in cmarkgfm.github_flavored_markdown_to_html("jan\\@evil\\.example www.evil.example")


def test_column_widths_from_content():
    from dilemmakaart.report.layout import fit_columns

    def measure(text: str, bold: bool) -> float:
        return float(len(text))

    # room for everything on one line: widths in proportion to the longest lines
    assert fit_columns(["a", "b"], [["xx", "yyyy"]], 12, measure, 0) == [4.0, 8.0]
    # the longest word of every column fits, the rest goes to the column with the most text
    widths = fit_columns(["Actie", "Datum"], [["een heel lange tekst " * 5, "1\u00a0maart\u00a02027"]], 40, measure, 2)
    assert widths[1] == len("1\u00a0maart\u00a02027") + 2 and abs(sum(widths) - 40) < 1e-6
    # longest words together too wide: short ones stay whole, the long compounds give way
    widths = fit_columns(
        ["k", "d", "c"], [["gebruikers", "1\u00a0maart\u00a02027", "eindverantwoordelijkheid"]], 35, measure, 0
    )
    assert widths[0] == 10 and widths[1] == 12 and widths[2] == 13


def test_docx_table_grid_keeps_short_words_and_dates_whole(code):
    """Word and LibreOffice read the grid: each column at least as wide as its dates and short words."""
    from dilemmakaart.report.docx import _measure

    case = read_case_file(ROOT / "cases" / "slimme-camera-stationsgebied.yaml", code)
    data = render_report(case, "docx", "nl", code=code, figures={}, today=TODAY)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    grids = [
        [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"/>', g)]
        for g in re.findall(r"<w:tblGrid>(.*?)</w:tblGrid>", xml)
    ]
    actions = next(g for g in grids if len(g) == 7)
    due_cm = actions[5] / 567
    assert due_cm >= _measure("28\u00a0februari\u00a02027", False) * 8 / 9 + 0.38
    assert all(abs(sum(g) / 567 - 16.6) < 0.05 for g in grids)
