"""Every string the product shows exists in Dutch and English, and every key the code asks for exists."""

from __future__ import annotations

import re

import pytest

from dilemmakaart.i18n import MissingTranslation, pick, strings, t
from tests.conftest import ROOT

KEY_CALL = re.compile(r"""\bt\(\s*["']([a-z][a-z0-9_.\-]*)["']""")


def test_every_key_has_both_languages():
    table = strings()
    assert len(table) > 500
    for key, texts in table.items():
        assert texts["nl"].strip() and texts["en"].strip(), key


def test_every_literal_key_in_the_code_exists():
    table = strings()
    missing = []
    for path in list((ROOT / "dilemmakaart").rglob("*.py")) + [ROOT / "app.py", *(ROOT / "pages").glob("*.py")]:
        for key in KEY_CALL.findall(path.read_text(encoding="utf-8")):
            if key not in table and not key.endswith("."):
                missing.append(f"{path.relative_to(ROOT)}: {key}")
    assert missing == []


def test_placeholders_are_the_same_in_both_languages():
    field = re.compile(r"\{(\w+)")
    for key, texts in strings().items():
        assert set(field.findall(texts["nl"])) == set(field.findall(texts["en"])), key


def test_lookup_and_fallbacks():
    assert t("nav.home", "en") == "Home" and t("nav.home", "nl") == "Start"
    assert t("nav.home", "fr") == "Start", "an unknown language falls back to Dutch"
    with pytest.raises(MissingTranslation):
        t("no.such.key", "nl")
    assert (
        pick({"nl": "ja", "en": "yes"}, "en") == "yes" and pick({"nl": "ja"}, "en") == "ja" and pick(None, "nl") == ""
    )
