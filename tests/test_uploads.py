import csv
import io
import json
import zipfile

from dilemmakaart.case import case_to_data
from dilemmakaart.exports import BOM, cases_zip, library_csv, library_json
from dilemmakaart.uploads import check_upload, copy_id
from dilemmakaart.yamlio import dump_yaml
from tests.libfixtures import make

GOOD = dump_yaml(case_to_data(make("proef", "Proef", values=[("privacy", 8, -2)]))).encode()


def test_valid_upload(code):
    up = check_upload("iets (1).yaml", GOOD, code, set())
    assert up.ok and up.case.id == "proef" and not up.exists  # the file name does not matter


def test_existing_id_is_offered_a_copy(code):
    up = check_upload("proef.yaml", GOOD, code, {"proef", "proef-kopie"})
    assert up.ok and up.exists and up.copy_id == "proef-kopie-2"
    copy = up.case.copy_as_new(up.copy_id, up.case.title)
    assert (copy.id, copy.revision, up.case.id) == ("proef-kopie-2", 0, "proef")


def test_problems_per_field(code):
    raw = GOOD.replace(b"weight: 8", b"weight: 12").replace(b"value: privacy", b"value: privacyy")
    up = check_upload("proef.yaml", raw, code, set())
    assert not up.ok and up.case is None
    assert [(p.place, p.key) for p in up.problems] == [
        ("values[0].weight", "out_of_range"),
        ("values[0].value", "unknown_value"),
    ]
    assert "0…10" in up.problems[0].message("nl")


def test_broken_yaml_and_wrong_kind(code):
    up = check_upload("kapot.yaml", b"title: [\n", code, set())
    assert [p.key for p in up.problems] == ["yaml_syntax"]
    up = check_upload("notities.txt", GOOD, code, set())
    assert [p.key for p in up.problems] == ["lib_not_yaml"]
    assert "notities.txt" in up.problems[0].message("en")


def test_copy_id_stays_short():
    long_id = "a" * 64
    assert len(copy_id(long_id, {long_id})) <= 64


def test_csv_one_row_per_case_and_value_with_bom(code):
    a = make("a", "=SOM(1)", values=[("privacy", 8, -2), ("veiligheid", 3, 1)], technology=["camera", "sensoren"])
    b = make("b", "Zonder waarden")
    raw = library_csv([a, b], code, "nl")
    text = raw.decode("utf-8")
    assert text.startswith(BOM)
    table = list(csv.reader(io.StringIO(text[1:])))
    assert table[0][:3] == ["id", "titel", "organisatie"]
    assert len(table) == 1 + 2 + 1  # header, two values of a, one row for b
    assert table[1][1] == "'=SOM(1)"  # never a formula in Excel
    assert table[1][4] == "Camera's en beeldanalyse, Sensoren in de openbare ruimte"  # names, not ids
    assert table[1][9:] == ["privacy", "Privacy", "Rechtsstaat", "8", "-2"]
    assert table[3][0] == "b" and table[3][9:] == ["", "", "", "", ""]


def test_json_and_zip_round_trip(code):
    from dilemmakaart.case import parse_case
    from dilemmakaart.yamlio import parse_yaml

    a = make("a", values=[("privacy", 8, -2)])
    assert json.loads(library_json([a]))[0]["values"] == [{"value": "privacy", "weight": 8, "effect": -2}]
    with zipfile.ZipFile(io.BytesIO(cases_zip([a, make("b")]))) as archive:
        assert archive.namelist() == ["a.yaml", "b.yaml"]
        data, problems = parse_yaml(archive.read("a.yaml"))
    assert not problems and parse_case(data, code).values[0].weight == 8
