"""Exports ready to file (issue 16), each a draft to complete and check: an entry for the
Algoritmeregister (JSON, CSV), an IAMA (Markdown, Word) and DPIA starting points (Markdown, Word).

``export_bytes(case, kind, suffix, lang)`` makes one; the file type follows the suffix.
"""

from __future__ import annotations

from dilemmakaart.case import Case
from dilemmakaart.code import ValueCode

KINDS = ("algoritmeregister", "iama", "dpia")
SUFFIXES: dict[str, tuple[str, ...]] = {
    "algoritmeregister": (".json", ".csv"),
    "iama": (".md", ".docx"),
    "dpia": (".md", ".docx"),
}
MIME = {
    ".json": "application/json",
    ".csv": "text/csv",
    ".md": "text/markdown",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def export_bytes(case: Case, kind: str, suffix: str, lang: str, code: ValueCode | None = None) -> bytes:
    """The draft of ``kind`` for ``case`` as a file of type ``suffix``, in ``lang``; ``code`` is the
    case's framework (found from ``case.code`` when not given)."""
    from dilemmakaart.frameworks import find_framework, frameworks

    if kind not in SUFFIXES or suffix not in SUFFIXES[kind]:
        raise ValueError(f"{kind} {suffix}")
    found = frameworks()
    code = code if code is not None and code.id == case.code else (find_framework(case.code) or found.default)
    default = found.default
    if kind == "algoritmeregister":
        from dilemmakaart.filing.register import build_register, register_csv, register_json

        draft = build_register(case, code, lang)
        text = register_json(draft, case) if suffix == ".json" else register_csv(draft)
        return text.encode("utf-8")
    from dilemmakaart.filing.document import render_docx, render_markdown

    if kind == "iama":
        from dilemmakaart.filing.iama import build_iama

        doc = build_iama(case, code, lang, default)
    else:
        from dilemmakaart.filing.dpia import build_dpia

        doc = build_dpia(case, code, lang, default)
    return render_markdown(doc).encode("utf-8") if suffix == ".md" else render_docx(doc)


def file_name(case: Case, kind: str, suffix: str) -> str:
    return f"{case.id}-{kind}-concept{suffix}"
