"""The facilitator's "save into the case" panel under AppTest (issue 11.5): after a dilemma was
removed and another turned around, the session is still saved and the page says what was left out
and what was reversed."""

from __future__ import annotations

from dilemmakaart.case import parse_case
from dilemmakaart.code import load_code
from dilemmakaart.session import SessionStore
from dilemmakaart.store import CaseLibrary
from tests.apptest import open_panel
from tests.conftest import minimal_case


def test_adopting_after_the_case_changed_says_what_gave_way(library_dir):
    code = load_code()
    library = CaseLibrary(library_dir, code)
    case = parse_case(
        minimal_case(
            values=[{"value": v, "weight": 5, "effect": 0} for v in ("privacy", "veiligheid", "transparantie")],
            dilemmas=[
                {"a": "privacy", "b": "veiligheid", "balance": 0},
                {"a": "privacy", "b": "transparantie", "balance": 0},
            ],
        ),
        code,
    )
    library.save(case, create=True)
    store = SessionStore(library_dir)
    info, key = store.create("proef")
    for i in range(3):
        token = store.join(info.join_code)[1].token
        answer = {"privacy|veiligheid": 10 * i, "privacy|transparantie": -20}
        store.submit(info.id, token, 1, {"weights": {"privacy": 7}, "effects": {}, "balances": answer})
    store.reveal(info.id, key)
    changed = library.load("proef")
    changed.dilemmas = [changed.dilemmas[0].model_copy(update={"a": "veiligheid", "b": "privacy"})]
    library.save(changed)

    at = open_panel("session_facilitator:adopt_panel", library_dir, info.id, key)
    at.run()
    at.button(key="sess:adopt").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    warnings = " ".join(w.value for w in at.warning)
    infos = " ".join(i.value for i in at.info)
    assert "Niet meegenomen" in warnings and "Transparantie" in warnings
    assert "Omgedraaid" in infos and "Veiligheid – Privacy" in infos
    saved = library.load("proef")
    assert saved.sessions and saved.sessions[0].summary.balances == {"veiligheid|privacy": "-20:1 -10:1 0:1"}


def test_a_hand_edited_answer_file_is_named_to_the_facilitator_not_a_crash(library_dir):
    code = load_code()
    library = CaseLibrary(library_dir, code)
    library.save(parse_case(minimal_case(values=[{"value": "privacy", "weight": 5, "effect": 0}]), code), create=True)
    store = SessionStore(library_dir)
    info, key = store.create("proef")
    tokens = [store.join(info.join_code)[1].token for _ in range(4)]
    for i, token in enumerate(tokens):
        store.submit(info.id, token, 1, {"weights": {"privacy": 3 + i}, "effects": {}, "balances": {}})
    store.reveal(info.id, key)
    (store.root / info.id / "responses" / "r1" / f"{tokens[2]}.yaml").write_text("weights: {privacy: veel}\n")
    at = open_panel("session_facilitator:control", library_dir, info.id, key)
    at.run()
    assert not at.exception, at.exception
    assert "De antwoorden van deelnemer 3 zijn niet te lezen" in " ".join(w.value for w in at.warning)
