"""The save refusal seen from the app (issue 11.1): a case that would be too large to read back is
not saved; the page says why and what to do, the file in the library is unchanged, nothing typed is
lost."""

from __future__ import annotations

from dilemmakaart.case import new_case
from dilemmakaart.code import load_code
from dilemmakaart.store import CaseLibrary
from dilemmakaart.ui import pages
from dilemmakaart.yamlio import MAX_BYTES
from tests.apptest import open_page


def texts(at) -> str:
    parts = [e.value for e in at.error] + [w.value for w in at.warning] + [m.value for m in at.markdown]
    return "\n".join(str(p) for p in parts).replace("\\", "")


def nearly_full_case(library: CaseLibrary) -> str:
    """A valid case some 10 KB under 1 MiB: long rationales on 200 dilemmas."""
    code = library.code
    ids = sorted(code.value_ids)
    case = new_case("bijna-vol", "Bijna vol")
    for v in ids:
        case.tag(v)
    pairs = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]][:200]
    for a, b in pairs:
        case.add_dilemma(a, b)
    saved = library.save(case, create=True)
    path = library.folder / "bijna-vol.yaml"
    base = len(path.read_bytes())
    repeats = 200
    for _ in range(2):  # measure what one repeat costs in the file (quotes, wrapping), then aim
        for d in saved.dilemmas:
            d.rationale = "Afweging ëën. " * repeats
        saved = library.save(saved)
        per_repeat = (len(path.read_bytes()) - base) / (repeats * len(pairs))
        repeats = min(357, int((MAX_BYTES - 12_000 - base) / (per_repeat * len(pairs))))
    assert MAX_BYTES - 19_000 < len(path.read_bytes()) < MAX_BYTES
    return "bijna-vol"


def test_a_save_that_would_be_too_large_is_refused_in_words(library_dir, monkeypatch):
    library = CaseLibrary(library_dir, load_code())
    case_id = nearly_full_case(library)
    before = (library_dir / f"{case_id}.yaml").read_bytes()
    at = open_page(pages.DESCRIBE, library_dir, monkeypatch, query={"case": case_id})
    typed = "Een lange beschrijving. " * 800  # 19,200 characters: allowed, but the file passes 1 MiB
    at.text_area(key="describe:description").input(typed).run()
    at.button(key="flow:save").click().run()
    assert not at.exception, at.exception
    shown = texts(at)
    assert "te groot om te bewaren" in shown and "haal een oude groepssessie weg" in shown, shown
    assert (library_dir / f"{case_id}.yaml").read_bytes() == before  # the file as it was
    assert at.text_area(key="describe:description").value == typed  # nothing typed is lost
