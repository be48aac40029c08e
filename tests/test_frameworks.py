"""Issue 16: frameworks beside the code, their versions, the crosswalk, viewing a case through
another framework, per-value legal coverage, and the drafts to file (register, IAMA, DPIA)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from dilemmakaart.case import case_problems, case_to_data, parse_case
from dilemmakaart.cli import main
from dilemmakaart.code import DEFAULT_CODE_PATH, load_code
from dilemmakaart.coverage import coverage, coverage_line
from dilemmakaart.crosswalk import load_crosswalk, parse_crosswalk, view_rows, view_sentences, view_through
from dilemmakaart.filing import KINDS, SUFFIXES, export_bytes
from dilemmakaart.filing.register import FIELDS, REQUIRED
from dilemmakaart.frameworks import FRAMEWORKS_DIR, changes_since, frameworks
from dilemmakaart.problems import ProblemsError
from dilemmakaart.store import CaseLibrary, read_case_file
from tests.conftest import minimal_case
from tests.framework_files import DIGI, changed_digikompas, read_yaml, write_yaml

ROOT = Path(__file__).resolve().parents[1]
GOB = "goed-openbaar-bestuur-2009"
WATER_CASE = ROOT / "cases" / "waterschap-slimme-stuwen.yaml"
GOB_CASE = ROOT / "cases" / "gemeente-klantcontact-afspraak.yaml"


@pytest.fixture(autouse=True)
def _defaults(monkeypatch):
    for name in ("DILEMMAKAART_CODE", "DILEMMAKAART_FRAMEWORKS", "DILEMMAKAART_CROSSWALK"):
        monkeypatch.delenv(name, raising=False)


# ------------------------------------------------------------------ frameworks


def test_every_shipped_framework_loads_and_is_checked_like_the_code(capsys):
    found = frameworks()
    assert found.ids() == ["codio", DIGI, GOB]
    assert found.broken == [] and found.shadowed == []
    digi, gob = found.by_id[DIGI], found.by_id[GOB]
    assert [p.name("nl") for p in digi.principles] == [
        "Toegankelijk",
        "Reageert alert",
        "Werkt samen",
        "Transparant",
        "Betrouwbaar",
    ]
    assert len(gob.principles) == 7 and gob.value("lerend-zelfcorrigerend").name("nl").startswith("Lerend en zelfcorr")
    for code in found.by_id.values():
        assert code.version, code.id
        for value in code.values:  # a plain meaning, guiding questions and what it adds beyond the law, nl and en
            assert value.meaning("nl") and value.meaning("en")
            assert 2 <= len(value.questions.nl) == len(value.questions.en) <= 3
            assert value.beyond_law is not None, (code.id, value.id)
    for code in (digi, gob):  # honest about what is the public text and what is our own
        assert "eigen" in code.source_note("nl") or "zelf" in code.source_note("nl")
        assert "own elaboration" in code.source_note("en")
    assert main(["validate", str(FRAMEWORKS_DIR), str(DEFAULT_CODE_PATH), str(ROOT / "data" / "crosswalk.yaml")]) == 0
    assert "4 bestanden gecontroleerd, 0 met problemen" in capsys.readouterr().err  # 2 frameworks, code, crosswalk


def test_an_organisation_drops_in_its_own_framework(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "kaders"
    folder.mkdir()
    own = read_yaml(FRAMEWORKS_DIR / f"{DIGI}.yaml")
    own["id"] = "waterschap-eigen"
    own["title"] = {"nl": "Onze eigen waarden", "en": "Our own values"}
    write_yaml(folder / "eigen.yaml", own)
    broken = dict(own, id="kapot")
    broken["values"] = [dict(own["values"][0], principle="bestaat-niet")]
    write_yaml(folder / "kapot.yaml", broken)
    write_yaml(folder / "dubbel.yaml", dict(own, id=DIGI))  # an id already taken
    monkeypatch.setenv("DILEMMAKAART_FRAMEWORKS", str(folder))
    found = frameworks()
    assert "waterschap-eigen" in found.ids()
    assert [p.name for p, _ in found.broken] == ["kapot.yaml"]
    assert [(p.name, i) for p, i in found.shadowed] == [("dubbel.yaml", DIGI)]
    assert main(["validate", str(folder), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "kapot.yaml: values[0].principle: Reference to an unknown principle 'bestaat-niet'." in out
    assert f"dubbel.yaml: id: The id '{DIGI}' is already used by {DIGI}.yaml." in out
    assert "eigen.yaml" not in out
    # a case in the dropped-in framework is read against it
    case = parse_case(minimal_case(code="waterschap-eigen", values=[{"value": "alert", "weight": 6, "effect": 2}]))
    assert case.code == "waterschap-eigen"


def test_a_case_opens_with_its_own_framework_even_after_the_default_changes(monkeypatch):
    codio_case = ROOT / "cases" / "drones-dijkinspectie.yaml"
    assert read_case_file(WATER_CASE, load_code()).code == DIGI
    monkeypatch.setenv("DILEMMAKAART_CODE", str(FRAMEWORKS_DIR / f"{DIGI}.yaml"))  # a water board's default
    default = load_code()
    assert default.id == DIGI
    assert read_case_file(codio_case, default).code == "codio"  # still read against the code
    assert read_case_file(GOB_CASE, default).code == GOB
    problems = case_problems(minimal_case(code="onbekend"), default)
    assert [(p.place, p.key) for p in problems] == [("code", "unknown_code")]
    # a value of another framework is still refused
    bad = minimal_case(code=DIGI, values=[{"value": "privacy", "weight": 6, "effect": 2}])
    assert [(p.place, p.key) for p in case_problems(bad, load_code(DEFAULT_CODE_PATH))] == [
        ("values[0].value", "unknown_value")
    ]


def test_code_version_is_optional_and_kept():
    old = parse_case(minimal_case())  # a file from before issue 16
    assert old.code_version is None and "code_version" not in case_to_data(old)
    new = parse_case(minimal_case(code=DIGI, code_version="2026.1"))
    assert case_to_data(new)["code_version"] == "2026.1"
    assert [p.key for p in case_problems(minimal_case(code_version=""))] != []


def _changed_digikompas(tmp_path: Path) -> Path:
    """The Digikompas in a version 2026.2: an item added, one renamed, one removed."""
    return changed_digikompas(tmp_path / "digikompas-2026-2.yaml", remove="samenwerken")


def test_a_changed_framework_is_reported_in_words(tmp_path):
    code = load_code(_changed_digikompas(tmp_path))
    changes = changes_since(code, "2026.1", "nl")
    assert changes is not None and changes.known
    assert changes.added == ["duurzaam"]
    assert changes.renamed == [("transparant", "Transparant")]
    assert changes.removed == ["samenwerken"]
    assert changes_since(code, "2026.2", "nl") is None and changes_since(code, None, "nl") is None
    unknown = changes_since(code, "2019", "en")
    assert unknown is not None and not unknown.known and unknown.renamed == [("transparant", "Transparent")]


def test_the_change_log_is_checked(tmp_path):
    path = _changed_digikompas(tmp_path)
    data = read_yaml(path)
    data["changes"][-1]["version"] = "2026.3"  # not the file's version
    data["changes"][-1]["removed"] = ["alert"]  # still there
    with pytest.raises(ProblemsError) as exc:
        load_code(write_yaml(tmp_path / "fout.yaml", data))
    keys = {(p.place, p.key) for p in exc.value.problems}
    assert ("changes[1].version", "code_change_version") in keys
    assert ("changes[1].removed[0]", "code_removed_present") in keys


# ------------------------------------------------------------------ crosswalk


def test_the_crosswalk_is_checked_both_ways():
    known = frameworks().by_id
    walk = load_crosswalk()
    # every link holds both ways, with the reverse relation
    for link in walk.links:
        fa, ia = link.a.split("/")
        fb, ib = link.b.split("/")
        reverse = {"same": "same", "broader": "narrower", "narrower": "broader", "related": "related"}[link.relation]
        assert (ia, link.relation) in walk.related(fb, ib, fa) or (ia, reverse) in walk.related(fb, ib, fa)
        assert (ib, link.relation) in walk.related(fa, ia, fb)
    assert ("transparantie", "broader") in walk.related(DIGI, "transparant", "codio")
    assert ("transparant", "narrower") in walk.related("codio", "transparantie", DIGI)
    assert {i for i, _ in walk.related(GOB, "verantwoording", "codio")} == {"verantwoording", "controleerbaarheid"}
    data = {
        "format": "dilemmakaart/crosswalk@1",
        "note": {"nl": "n", "en": "n"},
        "links": [
            {"a": f"{DIGI}/transparant", "relation": "broader", "b": "codio/transparantie"},
            {"a": "codio/transparantie", "relation": "narrower", "b": f"{DIGI}/transparant"},  # the same, reversed
            {"a": "codio/transparantie", "relation": "broader", "b": f"{DIGI}/transparant"},  # contradicts it
            {"a": "nergens/x", "relation": "same", "b": "codio/privacy"},
            {"a": f"{DIGI}/privacy", "relation": "same", "b": "codio/privacy"},
            {"a": "codio/privacy", "relation": "same", "b": "codio/veiligheid"},
            {"a": "codio/privacy", "relation": "gelijk", "b": f"{DIGI}/betrouwbaar"},
        ],
    }
    with pytest.raises(ProblemsError) as exc:
        parse_crosswalk(data, known)
    found = [(p.place, p.key) for p in exc.value.problems]
    assert ("links[6].relation", "invalid") in found  # the model refuses an unknown relation first
    data["links"].pop()
    with pytest.raises(ProblemsError) as exc:
        parse_crosswalk(data, known)
    assert [(p.place, p.key) for p in exc.value.problems] == [
        ("links[2].relation", "cw_contradiction"),
        ("links[3].a", "cw_unknown_framework"),
        ("links[4].a", "cw_unknown_item"),
        ("links[5]", "cw_same_framework"),
    ]
    assert "already linked in link 0 as 'narrower'" in exc.value.problems[0].message("en")


def test_viewing_a_case_through_another_framework():
    found = frameworks()
    case = read_case_file(ROOT / "cases" / "drones-dijkinspectie.yaml", found.default)
    weighed = {v.value: v for v in case.values}
    view = view_through(case, found.default, found.by_id[DIGI], load_crosswalk())
    items = {i.id: i for i in view.items}
    assert [i.id for i in view.items] == [v.id for v in found.by_id[DIGI].values]
    # Betrouwbaar covers veiligheid and privacy: the heaviest weight, the weight-weighted effect
    parts = [weighed[v] for v in ("veiligheid", "privacy") if v in weighed]
    assert parts, "the example case weighs veiligheid or privacy"
    trusted = items["betrouwbaar"]
    assert trusted.status == "carried" and sorted(trusted.carried_from) == sorted(p.value for p in parts)
    assert trusted.weight == max(p.weight for p in parts)
    assert trusted.effect == round(sum(p.effect * p.weight for p in parts) / sum(p.weight for p in parts))
    untouched = {i.id for i in view.untouched()}
    assert untouched and all(items[i].weight is None for i in untouched)
    assert {v.value for v in view.case.values} == {i.id for i in view.carried()}
    assert view.case.code == DIGI and case.code == "codio"  # the case itself is not changed
    lines = view_sentences(view, "nl")
    assert lines[0].startswith("Door Digikompas waterschappen bekeken:")
    assert any(line.startswith("Niet geraakt door deze casus:") for line in lines)
    rows = view_rows(view, "en")
    assert {r["Status"] for r in rows} <= {"weight carried over", "only related", "untouched"}
    # the other way round: the Digikompas's broad items do not pass their weight to narrower values
    water = read_case_file(WATER_CASE, found.default)
    back = view_through(water, found.by_id[DIGI], found.default, load_crosswalk())
    back_items = {i.id: i for i in back.items}
    assert back_items["samenwerking"].status == "carried" and back_items["samenwerking"].weight == 6  # same
    assert back_items["veiligheid"].status == "related" and back_items["veiligheid"].weight is None  # narrower


# ------------------------------------------------------------------ legal coverage


def test_which_laws_cover_a_value_and_what_it_adds():
    found = frameworks()
    codio = found.default
    privacy = coverage(codio, "privacy", "nl")
    assert privacy.laws[0].name() == "AVG" and "art. 9" in privacy.laws[0].articles
    assert privacy.beyond and "AVG" in privacy.beyond
    assert coverage_line(codio, coverage(codio, "innovatie", "en"), "en") == "No law covers this directly."
    digi = found.by_id[DIGI]
    trusted = coverage(digi, "betrouwbaar", "nl", through=codio)  # no laws of its own: through the crosswalk
    names = {law.name() for law in trusted.laws}
    assert {"AVG", "BIO"} <= names
    assert "(via Veiligheid" in coverage_line(digi, trusted, "nl", codio)


# ------------------------------------------------------------------ drafts to file


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_register_draft_names_every_field(lang):
    case = read_case_file(WATER_CASE, load_code())
    data = json.loads(export_bytes(case, "algoritmeregister", ".json", lang))
    assert list(data["velden"]) == [f.name for f in FIELDS]
    assert (
        data["verplichte_velden"]
        == list(REQUIRED)
        == [
            "Naam",
            "Korte omschrijving",
            "Organisatie",
            "Status",
            "Contactgegevens",
            "Publicatiecategorie",
        ]
    )
    assert data["velden"]["Naam"] == case.title and data["velden"]["Organisatie"] == "Waterschap Hunzevenen"
    assert data["velden"]["Status"] == "In ontwikkeling"  # the case's phase is pilot
    assert {"nl": "Reageert alert tegenover Betrouwbaar", "en": "Responds alertly versus Reliable"}[lang] in (
        data["velden"]["Afwegingen"]
    )
    open_fields = {o["veld"]: o for o in data["open_velden"]}
    assert set(open_fields) == {f.name for f in FIELDS if not data["velden"][f.name]}
    assert open_fields["Contactgegevens"]["verplicht"] is True and open_fields["Thema"]["verplicht"] is False
    assert all(o["toelichting"] for o in data["open_velden"])
    checks = {c["veld"]: c["toelichting"] for c in data["te_controleren"]}
    assert "350" in checks["Korte omschrijving"]  # the first paragraph is longer than the standard allows
    assert data["velden"]["Korte omschrijving"] == case.description.split("\n\n")[0].strip()  # kept whole
    word = {"nl": "Concept", "en": "Draft"}[lang]
    assert data["concept"].startswith(word)
    rows = list(csv.reader(io.StringIO(export_bytes(case, "algoritmeregister", ".csv", lang).decode("utf-8-sig"))))
    assert rows[1][1] == {"nl": "CONCEPT", "en": "DRAFT"}[lang]
    by_field = {r[1]: r for r in rows[2:]}
    assert list(by_field) == [f.name for f in FIELDS]
    assert by_field["Contactgegevens"][3:5] == [{"nl": "ja", "en": "yes"}[lang], {"nl": "open", "en": "open"}[lang]]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_iama_and_dpia_drafts_put_the_case_under_the_questions(lang):
    from docx import Document

    case = read_case_file(GOB_CASE, load_code())
    iama = export_bytes(case, "iama", ".md", lang).decode("utf-8")
    parts = {
        "nl": ["Deel 1. Waarom?", "Deel 2. Wat?", "Deel 3. Hoe?", "Deel 4. Grondrechten"],
        "en": ["Part 1. Why?", "Part 2. What?", "Part 3. How?", "Part 4. Fundamental rights"],
    }[lang]
    for part in parts:
        assert f"## {part}" in iama
    assert {"nl": "**CONCEPT**", "en": "**DRAFT**"}[lang] in iama
    own = {"nl": "Behoorlijke contacten met burgers", "en": "Proper contact with citizens"}[lang]
    assert own in iama  # the case's values, in its own framework
    open_list = iama.split({"nl": "## Open vragen", "en": "## Open questions"}[lang])[1]
    assert "1.4" in open_list and "2.1" in open_list and "1.3" not in open_list
    doc = Document(io.BytesIO(export_bytes(case, "iama", ".docx", lang)))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    shown = [h for h in headings if h.startswith(("Deel", "Part"))]
    assert len(shown) == 4 and all(h.startswith(part) for h, part in zip(shown, parts, strict=True))
    dpia = export_bytes(case, "dpia", ".md", lang).decode("utf-8").replace("\\", "")
    for letter in "abcd":
        assert f"## {letter}. " in dpia
    assert "Een inloopuur in de middag" in dpia  # an action as a measure under (d)
    docx = Document(io.BytesIO(export_bytes(case, "dpia", ".docx", lang)))
    assert any(p.text.startswith("d. ") for p in docx.paragraphs if p.style.name == "Heading 1")


def test_export_on_the_command_line(tmp_path, capsys):
    for kind in KINDS:
        for suffix in SUFFIXES[kind]:
            out = tmp_path / f"uit{suffix}"
            assert main(["export", str(WATER_CASE), "--format", kind, "-o", str(out)]) == 0
            assert out.stat().st_size > 500
    assert main(["export", str(WATER_CASE), "--format", "iama", "-o", str(tmp_path / "x.pdf")]) == 2
    assert main(["export", str(WATER_CASE), "--format", "onzin", "-o", str(tmp_path / "x.md")]) == 2
    assert main(["export", str(tmp_path / "nergens.yaml"), "--format", "dpia", "-o", str(tmp_path / "x.md")]) == 2
    bad = tmp_path / "kapot.yaml"
    bad.write_text("format: dilemmakaart/case@1\nid: kapot\ntitle: x\n", encoding="utf-8")
    assert main(["export", str(bad), "--format", "dpia", "-o", str(tmp_path / "x.md"), "--lang", "en"]) == 1
    assert "description" in capsys.readouterr().out


# ------------------------------------------------------------------ reports and the library


@pytest.mark.parametrize("case_file", [WATER_CASE, GOB_CASE, ROOT / "cases" / "drones-dijkinspectie.yaml"])
def test_a_case_in_each_framework_reports(case_file, tmp_path):
    out = tmp_path / "rapport.md"
    assert main(["report", str(case_file), "--format", "md", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "## Wet en waarde" in text and "## Door andere kaders bekeken" in text
    case = read_case_file(case_file, load_code())
    own = frameworks().by_id[case.code]
    assert own.value_name(case.values[0].value, "nl") in text  # its own items by name, not by id


def test_the_library_reads_every_framework_and_groups_them(tmp_path):
    from dilemmakaart.insights import by_framework

    folder = tmp_path / "cases"
    shutil.copytree(ROOT / "cases", folder, ignore=shutil.ignore_patterns(".*"))
    listing = CaseLibrary(folder).list()
    assert listing.unreadable == []
    groups = by_framework(listing.cases)
    assert list(groups) == ["codio", DIGI, GOB] and [len(g) for g in groups.values()] == [10, 1, 1]
    from dilemmakaart.insights import library_summary

    summary = {v["value"]: v for v in library_summary(listing, load_code(), "en").values}
    # the 2009 code's "verantwoording" is not counted as the code's value of the same id
    assert summary[f"{GOB}/verantwoording"]["name"] == "Accountability (Code of Good Public Governance (2009))"
    assert summary[f"{DIGI}/alert"]["cases"] == 1 and "alert" not in summary
    assert summary["verantwoording"]["name"] == "Accountability" and summary["verantwoording"]["cases"] >= 1


def test_versions_compared_say_when_the_framework_version_changed():
    from dilemmakaart.versions import compare_revisions

    old = read_case_file(WATER_CASE, load_code())
    new = old.model_copy(deep=True)
    new.code_version = "2026.2"
    changes = compare_revisions(old, new, frameworks().by_id[DIGI], "nl")
    assert [c.text for c in changes] == [f"Kader en versie: {DIGI} 2026.1 → {DIGI} 2026.2"]
    assert compare_revisions(old, old.model_copy(deep=True), frameworks().by_id[DIGI], "nl") == []
