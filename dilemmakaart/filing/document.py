"""A draft document to file (IAMA, DPIA): parts with questions, each answered from the case or
listed as open, and its rendering as Markdown and as Word. Every document opens with the notice
that it is a draft to complete and check, and ends with the list of open questions."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from dilemmakaart.i18n import t


@dataclass
class Question:
    number: str  # "1.2"
    text: str
    answer: list[str] = field(default_factory=list)  # paragraphs or bullet lines from the case; empty: open
    bullets: bool = False
    hint: str = ""  # what to add, when open (or what to check, when answered)

    @property
    def open(self) -> bool:
        return not self.answer


@dataclass
class Part:
    title: str
    intro: str
    questions: list[Question]


@dataclass
class FilingDoc:
    kind: str  # "iama" | "dpia"
    title: str
    subtitle: str
    notice: str  # the draft notice
    source: list[str]  # where the content comes from (the case, its revision, its framework)
    parts: list[Part]
    lang: str

    def open_questions(self) -> list[Question]:
        return [q for part in self.parts for q in part.questions if q.open]

    def answered(self) -> list[Question]:
        return [q for part in self.parts for q in part.questions if not q.open]


def question(
    kind: str, number: str, lang: str, answer: list[str] | None = None, *, bullets: bool = False, check: bool = False
) -> Question:
    """Question ``number`` of the ``kind`` document (``filing.<kind>.q<number>``) with its text; open
    with its hint when ``answer`` is empty, else the hint is what to check (only when ``check``)."""
    key = f"filing.{kind}.q" + number.replace(".", "_")
    answer = answer or []
    hint = t(key + ".hint", lang) if (not answer or check) else ""
    return Question(number, t(key, lang), answer, bullets, hint)


def part(kind: str, name: str, lang: str, questions: list[Question]) -> Part:
    """Part ``name`` of the ``kind`` document: its title and intro (``filing.<kind>.<name>[_intro]``)."""
    return Part(t(f"filing.{kind}.{name}", lang), t(f"filing.{kind}.{name}_intro", lang), questions)


def filing_doc(kind: str, case_title: str, source: list[str], parts: list[Part], lang: str) -> FilingDoc:
    """The ``kind`` document with its title, subtitle and draft notice (``filing.<kind>.*``)."""
    return FilingDoc(
        kind,
        t(f"filing.{kind}.title", lang, title=case_title),
        t(f"filing.{kind}.subtitle", lang),
        t(f"filing.{kind}.notice", lang),
        source,
        parts,
        lang,
    )


def _md(text: str) -> str:
    """Text from the case as Markdown: shown as typed, never a link or markup (the report's rule)."""
    from dilemmakaart.report.markdown import md_block

    return md_block(text)


def render_markdown(doc: FilingDoc) -> str:
    lang = doc.lang
    out = [f"# {_md(doc.title)}", "", f"_{_md(doc.subtitle)}_", ""]
    out += [f"> **{_md(t('filing.draft', lang))}** {_md(doc.notice)}", ""]
    out += [f"- {_md(line)}" for line in doc.source] + [""]
    for part in doc.parts:
        out += [f"## {_md(part.title)}", "", _md(part.intro), ""]
        for q in part.questions:
            out += [f"### {q.number} {_md(q.text)}", ""]  # the number first: no list marker to escape
            if q.open:
                out += [f"**{_md(t('filing.open', lang))}** {_md(q.hint)}".rstrip(), ""]
                continue
            if q.bullets:
                out += [f"- {_md(line)}" for line in q.answer]
            else:
                for para in q.answer:
                    out += [_md(para), ""]
            if q.hint:
                out += ["", f"_{_md(t('filing.check', lang))} {_md(q.hint)}_"]
            out.append("")
    out += [f"## {_md(t('filing.open_title', lang))}", ""]
    opened = doc.open_questions()
    if opened:
        out += [f"- {q.number} {_md(q.text)}" for q in opened]
    else:
        out.append(_md(t("filing.none_open", lang)))
    out.append("")
    return "\n".join(out)


def render_docx(doc: FilingDoc) -> bytes:
    from docx import Document
    from docx.shared import Pt, RGBColor

    lang = doc.lang
    word = Document()
    word.core_properties.title = doc.title
    word.core_properties.subject = t("filing.draft", lang)
    word.add_heading(doc.title, level=0)
    word.add_paragraph().add_run(doc.subtitle).italic = True
    box = word.add_paragraph()
    run = box.add_run(t("filing.draft", lang) + " ")
    run.bold = True
    run.font.color.rgb = RGBColor(0xA0, 0x3A, 0x00)
    box.add_run(doc.notice)
    for line in doc.source:
        word.add_paragraph(line, style="List Bullet")
    for part in doc.parts:
        word.add_heading(part.title, level=1)
        word.add_paragraph(part.intro)
        for q in part.questions:
            word.add_heading(f"{q.number} {q.text}", level=2)
            if q.open:
                p = word.add_paragraph()
                r = p.add_run(t("filing.open", lang) + " ")
                r.bold = True
                p.add_run(q.hint)
                continue
            for line in q.answer:
                word.add_paragraph(line, style="List Bullet" if q.bullets else None)
            if q.hint:
                p = word.add_paragraph()
                r = p.add_run(f"{t('filing.check', lang)} {q.hint}")
                r.italic = True
                r.font.size = Pt(9)
    word.add_heading(t("filing.open_title", lang), level=1)
    opened = doc.open_questions()
    if opened:
        for q in opened:
            word.add_paragraph(f"{q.number} {q.text}", style="List Bullet")
    else:
        word.add_paragraph(t("filing.none_open", lang))
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()
