"""docs/case.schema.json is generated from the model and kept in step with it."""

from __future__ import annotations

import json
from datetime import date, datetime

import jsonschema
import pytest

from dilemmakaart.case import FIELD_ORDER, Case
from dilemmakaart.schema import case_json_schema
from dilemmakaart.yamlio import parse_yaml
from tests.conftest import ROOT, minimal_case

SCHEMA_FILE = ROOT / "docs" / "case.schema.json"


def as_json(value):
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def test_schema_file_is_current():
    on_disk = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert on_disk == case_json_schema(), "regenerate: python -m dilemmakaart.schema > docs/case.schema.json"


def test_schema_names_every_field_of_the_contract():
    schema = case_json_schema()
    assert list(schema["properties"]) == list(FIELD_ORDER)
    assert set(schema["required"]) == {"format", "id", "title", "description"}
    assert set(Case.model_fields) - {"extensions"} == set(FIELD_ORDER)


@pytest.mark.parametrize("path", sorted((ROOT / "cases").glob("*.yaml")), ids=lambda p: p.stem)
def test_examples_match_the_schema(path):
    data, problems = parse_yaml(path.read_bytes())
    assert not problems
    jsonschema.Draft202012Validator(case_json_schema()).validate(as_json(data))


@pytest.mark.parametrize(
    "change",
    [
        {"status": "klaar"},
        {"titel": "x"},
        {"values": [{"value": "privacy", "weight": 11, "effect": 0}]},
        {"id": "Met Spaties"},
        {"dilemmas": [{"a": "privacy", "b": "veiligheid", "balance": 200}]},
    ],
)
def test_schema_rejects_what_the_model_rejects(change):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(case_json_schema()).validate(minimal_case(**change))


def test_schema_allows_x_keys():
    jsonschema.Draft202012Validator(case_json_schema()).validate(minimal_case(**{"x-eigen": [1, {"a": 2}]}))
