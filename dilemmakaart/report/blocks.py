"""The report's building blocks: what a report is made of, independent of its format.

``content`` fills them from a case, ``figures`` makes the chart blocks, and each format module
(html, markdown, pdf, docx) lays them out. All text is plain text as the user typed it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Heading:
    level: int  # 1 = section, 2 = subsection
    text: str
    colour: str | None = None  # a foundation's colour, for a small marker


@dataclass
class Para:
    text: str
    style: str = "body"  # body | muted | lead | strong


@dataclass
class Bullets:
    items: list[str]


@dataclass
class Facts:
    """A two-column table of label and value (the project's facts, the decision)."""

    rows: list[tuple[str, str]]


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]]
    widths: list[float]  # relative widths, one per column
    numeric: set[int] = field(default_factory=set)  # columns aligned right
    caption: str = ""
    # the rows the PDF and Word measure column widths on: a series of tables with the same columns
    # (the values per foundation) shares them, so their columns line up; None: this table's rows
    measure_rows: list[list[str]] | None = None

    def sizing_rows(self) -> list[list[str]]:
        return self.rows if self.measure_rows is None else self.measure_rows


@dataclass
class Figure:
    key: str  # map | wheel | tradeoffs
    title: str
    caption: str
    sentences: list[str]  # the text equivalent, for screen readers and Markdown
    table: Table | None = None  # a table equivalent, where there is one
    png: bytes | None = None
    svg: str | None = None
    width_cm: float = 16.0  # printed width
    words: str = "In words"  # the label of the text equivalent, in the report's language


@dataclass
class PageBreak:
    pass


Block = Heading | Para | Bullets | Facts | Table | Figure | PageBreak


@dataclass
class Report:
    lang: str
    title: str
    subtitle: str  # organisation
    kind: str  # "Rapport voor het bestuur"
    meta: str  # revision · status · date
    date: str
    blocks: list[Block]

    def text(self) -> str:
        """All the words of the report, in order (for tests and search)."""
        out = [self.kind, self.title, self.subtitle, self.meta]
        for b in self.blocks:
            if isinstance(b, (Heading, Para)):
                out.append(b.text)
            elif isinstance(b, Bullets):
                out.extend(b.items)
            elif isinstance(b, Facts):
                out.extend(f"{k}: {v}" for k, v in b.rows)
            elif isinstance(b, Table):
                out.append(" | ".join(b.columns))
                out.extend(" | ".join(r) for r in b.rows)
            elif isinstance(b, Figure):
                out.extend([b.title, b.caption, *b.sentences])
        return "\n".join(out)
