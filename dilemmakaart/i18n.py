"""Every string the product shows, in Dutch and English, through one function: ``t``.

Strings live in ``dilemmakaart/locale/*.yaml``: each file maps a key to ``{nl: ..., en: ...}``.
Each feature keeps its own file; a key may appear in one file only.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import yaml

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    # the same interface; PyYAML's stubs give the C and Python loaders no common base class
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
LOCALE_DIR = Path(__file__).parent / "locale"


class MissingTranslation(KeyError):
    pass


@lru_cache(maxsize=1)
def strings() -> dict[str, dict[str, str]]:
    """All string tables merged; raises on a key defined twice or a language missing."""
    merged: dict[str, dict[str, str]] = {}
    origin: dict[str, str] = {}
    for path in sorted(LOCALE_DIR.glob("*.yaml")):
        table = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
        for key, texts in table.items():
            if key in merged:
                raise ValueError(f"{path.name}: key {key!r} also in {origin[key]}")
            if not isinstance(texts, dict) or any(not isinstance(texts.get(lang), str) for lang in LANGUAGES):
                raise ValueError(f"{path.name}: key {key!r} needs a text for each of {LANGUAGES}")
            merged[key] = texts
            origin[key] = path.name
    return merged


def normalise_language(lang: str | None) -> str:
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


# ``{n|casus|casussen}``: the singular when the parameter ``n`` is 1, else the plural (also for 0).
# a form may hold placeholders itself: "{n|de gekozen casus|de {n} gekozen casussen}"
_PLURAL = re.compile(r"\{(\w+)\|((?:[^{}|]|\{\w+\})*)\|((?:[^{}|]|\{\w+\})*)\}")


def t(key: str, lang: str = DEFAULT_LANGUAGE, /, **params: object) -> str:
    """The text for ``key`` in ``lang``, with ``{name}`` placeholders filled from ``params``.

    A placeholder ``{n|one|many}`` picks the word that goes with the number ``n``: "{n} {n|casus|casussen}"
    gives "1 casus" and "3 casussen", so no text says "casus(sen)"."""
    try:
        text = strings()[key][normalise_language(lang)]
    except KeyError:
        raise MissingTranslation(key) from None
    if not params:
        return text
    if "|" in text:
        text = _PLURAL.sub(lambda m: _plural_form(m, params), text)
    return text.format(**params)


def _plural_form(match: re.Match[str], params: dict[str, object]) -> str:
    name, one, many = match.groups()
    if name not in params:
        raise KeyError(name)
    return one if params[name] == 1 else many  # its own placeholders are filled by format()


def pick(texts: dict[str, str] | None, lang: str) -> str:
    """The text in ``lang`` from a bilingual mapping such as the value code's ``{nl: .., en: ..}``."""
    if not texts:
        return ""
    return texts.get(normalise_language(lang)) or texts.get(DEFAULT_LANGUAGE) or next(iter(texts.values()), "")


def count(n: int, noun: str, lang: str = DEFAULT_LANGUAGE, /) -> str:
    """A number with its noun in the right form: "1 casus", "3 casussen", "0 cases".

    ``noun`` names a pair of keys in ``locale/words.yaml``: ``noun.<noun>.one`` and ``noun.<noun>.many``
    (Dutch and English both use the singular for exactly one and the plural otherwise, also for 0)."""
    form = "one" if n == 1 else "many"
    return f"{n} {t(f'noun.{noun}.{form}', lang)}"


def noun(n: int, noun: str, lang: str = DEFAULT_LANGUAGE, /) -> str:
    """The noun alone in the form that goes with ``n`` ("casus" for 1, "casussen" otherwise)."""
    return t(f"noun.{noun}.{'one' if n == 1 else 'many'}", lang)


def join_words(items: list[str] | tuple[str, ...], lang: str = DEFAULT_LANGUAGE, /) -> str:
    """A list in a sentence: "a", "a en b", "a, b en c" ("and" in English). Empty: ""."""
    items = [str(x) for x in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {t('words.and', lang)} {items[-1]}"


def format_date(value: date | datetime | None, lang: str = DEFAULT_LANGUAGE, /, *, time: bool = False) -> str:
    """A date as people write it, the same everywhere (app, reports, library): "15 januari 2027",
    "15 January 2027"; with ``time`` also the clock: "15 januari 2027, 14:05". No date: a dash."""
    if value is None:
        return "—"
    month = t(f"words.month.{value.month}", lang)
    text = f"{value.day} {month} {value.year}"
    if time and isinstance(value, datetime):
        text += f", {value:%H:%M}"
    return text
