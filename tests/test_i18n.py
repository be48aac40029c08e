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


def test_singular_and_plural_from_the_number():
    from dilemmakaart.i18n import count, noun

    assert t("lib.deleted", "nl", n=1) == "1 casus staat nu in de prullenbak."
    assert t("lib.deleted", "nl", n=3) == "3 casussen staan nu in de prullenbak."
    assert t("lib.deleted", "en", n=0) == "0 cases are now in the trash."
    assert t("lib.download_json", "nl", n=1) == "1 casus downloaden als JSON"
    assert t("flow.problems", "nl", n=1).startswith("Niet opgeslagen: 1 punt moet eerst")
    assert t("flow.actions.because_pressure", "nl", values="Privacy en Veiligheid", n=2) == (
        "Privacy en Veiligheid staan onder druk"
    )
    assert count(1, "case", "nl") == "1 casus" and count(2, "case", "nl") == "2 casussen"
    assert count(1, "action", "en") == "1 action" and noun(0, "value", "en") == "values"
    with pytest.raises(KeyError):
        t("lib.deleted", "nl", m=1)


def test_lists_and_dates_in_words():
    from datetime import date, datetime

    from dilemmakaart.i18n import format_date, join_words

    assert join_words([], "nl") == "" and join_words(["Privacy"], "nl") == "Privacy"
    assert join_words(["Privacy", "Veiligheid"], "nl") == "Privacy en Veiligheid"
    assert join_words(["a", "b", "c"], "en") == "a, b and c"
    assert format_date(date(2027, 1, 15), "nl") == "15 januari 2027"
    assert format_date(date(2027, 1, 15), "en") == "15 January 2027"
    assert format_date(datetime(2027, 1, 15, 9, 5), "nl", time=True) == "15 januari 2027, 09:05"
    assert format_date(None, "nl") == "—"


def test_dutch_says_je_and_real_plurals():
    """Plain Dutch: the user is 'je', never 'u'; no 'casus(sen)' or 'actie(s)': the number picks the word."""
    formal = re.compile(r"\b(u|uw|U|Uw|alstublieft)\b")
    bracketed = re.compile(r"\w\((en|s|sen|'s)\)")
    bad = [
        key
        for key, texts in strings().items()
        if formal.search(texts["nl"]) or bracketed.search(texts["nl"]) or bracketed.search(texts["en"])
    ]
    assert bad == []


@pytest.mark.parametrize("number", [0, 1, 2])
def test_every_string_formats_with_numbers(number):
    """Every string, filled with numbers for its placeholders, formats in both languages: no
    plural form or placeholder that ``t`` cannot fill (a broken one raises on screen)."""
    field = re.compile(r"\{(\w+)")
    for key, texts in strings().items():
        params = {name: number for name in set(field.findall(texts["nl"] + texts["en"]))}
        for lang in ("nl", "en"):
            text = t(key, lang, **params) if params else t(key, lang)
            assert not re.search(r"\{\w+[|}]", text), (key, lang, text)
