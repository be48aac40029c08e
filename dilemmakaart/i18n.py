"""Every string the product shows, in Dutch and English, through one function: ``t``.

Strings live in ``dilemmakaart/locale/*.yaml``: each file maps a key to ``{nl: ..., en: ...}``.
Each feature keeps its own file; a key may appear in one file only.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader

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


def t(key: str, lang: str = DEFAULT_LANGUAGE, /, **params: object) -> str:
    """The text for ``key`` in ``lang``, with ``{name}`` placeholders filled from ``params``."""
    try:
        text = strings()[key][normalise_language(lang)]
    except KeyError:
        raise MissingTranslation(key) from None
    return text.format(**params) if params else text


def pick(texts: dict[str, str] | None, lang: str) -> str:
    """The text in ``lang`` from a bilingual mapping such as the value code's ``{nl: .., en: ..}``."""
    if not texts:
        return ""
    return texts.get(normalise_language(lang)) or texts.get(DEFAULT_LANGUAGE) or next(iter(texts.values()), "")
