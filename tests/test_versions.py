from datetime import date

from dilemmakaart.case import Decision
from dilemmakaart.versions import compare_revisions
from tests.libfixtures import make

OLD = make(
    "x",
    "Oud",
    values=[("privacy", 6, -1), ("veiligheid", 8, 2)],
    dilemmas=[("privacy", "veiligheid", -40)],
    actions=[("Logboek bijhouden", ["privacy"], "techniek")],
    technology=["camera"],
    status="concept",
)
NEW = make(
    "x",
    "Nieuw",
    values=[("privacy", 9, -3), ("transparantie", 5, 1)],
    dilemmas=[("veiligheid", "privacy", -40), ("transparantie", "privacy", 20)],
    actions=[("Folder maken", ["transparantie"], "gebruikers")],
    technology=["camera", "sensoren"],
    status="besloten",
    decision=Decision(text="Ja, met voorwaarden", date=date(2025, 5, 1)),
)


def test_no_changes_is_empty(code):
    assert compare_revisions(OLD, OLD.model_copy(deep=True), code) == []


def test_readable_changes_in_dutch(code):
    texts = [c.text for c in compare_revisions(OLD, NEW, code, "nl")]
    assert texts == [
        "Titel gewijzigd: van ‘Oud’ naar ‘Nieuw’.",
        "Status gewijzigd: van concept naar besloten.",
        "Technologie toegevoegd: sensoren.",
        "Privacy weegt zwaarder: gewicht van 6 naar 9.",
        "Effect op Privacy ongunstiger: van -1 naar -3.",
        "Waarde toegevoegd: Transparantie (gewicht 5, effect +1).",
        "Waarde weggehaald: Veiligheid.",
        # the same pair written the other way round: −40 for privacy|veiligheid is +40 for veiligheid|privacy
        "Afweging Veiligheid – Privacy veranderd: eerst Privacy weegt duidelijk zwaarder (+40), nu Veiligheid weegt duidelijk zwaarder (−40).",
        "Dilemma toegevoegd: Transparantie tegenover Privacy (Privacy weegt iets zwaarder (+20)).",
        "Actie toegevoegd: Folder maken",
        "Actie weggehaald: Logboek bijhouden",
        "Besluit vastgelegd.",
        "Datum van het besluit: van — naar 1 mei 2025.",
    ]


def test_sections_and_kinds(code):
    changes = compare_revisions(OLD, NEW, code, "en")
    assert [c.section for c in changes] == ["facts"] * 3 + ["values"] * 4 + ["dilemmas"] * 2 + ["actions"] * 2 + [
        "decision"
    ] * 2
    assert changes[6].kind == "removed" and changes[5].kind == "added" and changes[3].kind == "changed"
    assert changes[3].text == "Privacy weighs more: weight from 6 to 9."


def test_library_history_compared(tmp_path, code):
    from dilemmakaart.store import CaseLibrary

    lib = CaseLibrary(tmp_path, code)
    first = lib.save(OLD.model_copy(deep=True), create=True)
    edited = lib.load("x")
    edited.values[0].weight = 2
    lib.save(edited)
    history = lib.history("x")
    assert [r.revision for r in history] == [first.revision]
    changes = compare_revisions(lib.load_revision("x", 1), lib.load_revision("x", 2), code, "nl")
    assert [c.text for c in changes] == ["Privacy weegt lichter: gewicht van 6 naar 2."]


def test_an_action_is_followed_by_its_id_when_its_text_changes(code):
    before = OLD.model_copy(deep=True)
    after = OLD.model_copy(deep=True)
    action = after.actions[0]
    after.update_action(action.id, text="Logboek bijhouden en elk kwartaal nakijken", status="bezig")
    same = after.add_action("Logboek bijhouden")  # the same words as the first action: another action
    texts = [c.text for c in compare_revisions(before, after, code, "nl")]
    assert texts == [
        "Actie ‘Logboek bijhouden’ heet nu ‘Logboek bijhouden en elk kwartaal nakijken’.",
        "Actie ‘Logboek bijhouden en elk kwartaal nakijken’: stand van open naar bezig.",
        "Actie toegevoegd: Logboek bijhouden",
    ]
    assert same.id != action.id
