"""The library page survives any single bad case: every table has one type per column (nothing
for Streamlit to patch up, so no ArrowInvalid in the server log), a case that cannot be shown is
listed with its reason, and the rest of the page is drawn."""

from __future__ import annotations

import pyarrow as pa
import pytest
import streamlit.dataframe_util as dataframe_util

from dilemmakaart.code import load_code
from dilemmakaart.store import CaseLibrary
from dilemmakaart.ui import pages
from tests.apptest import open_page


@pytest.fixture
def strict_arrow(monkeypatch):
    """Fail whenever Streamlit has to fix a table that Arrow refused (it logs ArrowInvalid then)."""
    refused = []

    def refuse(df, *args, **kwargs):
        refused.append(list(df.columns))
        raise AssertionError(f"a table Arrow refused: {list(df.columns)}")

    monkeypatch.setattr(dataframe_util, "fix_arrow_incompatible_column_types", refuse)
    return refused


def texts(at) -> str:
    parts = [m.value for m in at.markdown] + [t.value for t in at.text] + [w.value for w in at.warning]
    return "\n".join(str(p) for p in parts).replace("\\", "")  # md_escape's backslashes


def test_the_table_has_one_type_per_column_even_for_an_absurd_revision(example_library, monkeypatch):
    from dilemmakaart.i18n import t
    from dilemmakaart.ui.bootstrap import Ctx
    from dilemmakaart.ui.library_page import _table

    library = CaseLibrary(example_library, load_code())
    cases = library.list().cases
    odd = cases[0].model_copy(update={"revision": 99999999999999999999999})
    ctx = Ctx("nl", library.code, library)
    frame, ids, unshown = _table(ctx, [odd, *cases[1:]])
    pa.Table.from_pandas(frame)  # raises on a column Arrow cannot take
    assert ids == [c.id for c in cases[1:]]
    (item,) = unshown
    assert item.id == odd.id and "99999999999999999999999" in item.reason
    assert t("lib.unshown", "nl", n=1).startswith("1 casus kan")


def test_the_library_page_is_drawn_beside_a_case_with_an_absurd_revision(example_library, monkeypatch, strict_arrow):
    path = example_library / "drones-dijkinspectie.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text(
        "\n".join("revision: 99999999999999999999999" if line.startswith("revision:") else line for line in lines)
        + "\n",
        encoding="utf-8",
    )
    at = open_page(pages.LIBRARY, example_library, monkeypatch)
    assert not at.exception, at.exception
    shown = texts(at)
    # the odd case is named (as unreadable, or as a case the table cannot show) ...
    assert "drones-dijkinspectie" in shown or "Drones met camera's" in shown
    # ... and the rest of the page is there: the table of the other cases, the picker, upload and trash
    (table,) = at.dataframe
    assert len(table.value) == len(list(example_library.glob("*.yaml"))) - 1
    assert at.multiselect(key="lib:chosen")
    assert not strict_arrow


def test_the_preview_of_a_case_with_unprioritised_actions_needs_no_patching(example_library, monkeypatch, strict_arrow):
    library = CaseLibrary(example_library, load_code())
    case = library.load("drones-dijkinspectie")
    assert case.actions
    case.actions[0].necessity = None
    case.actions[0].importance = None
    library.save(case)
    at = open_page(pages.LIBRARY, example_library, monkeypatch)
    at.multiselect(key="lib:chosen").select("drones-dijkinspectie").run()
    assert not at.exception, at.exception
    assert len(at.dataframe) >= 3  # the table, the facts, the values, the actions
    assert not strict_arrow
