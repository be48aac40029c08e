"""The fields and values of a merge in words: names of values, never ids ("Privacy — gewicht",
"Veiligheid ↔ Privacy", the text of an action)."""

from __future__ import annotations

from typing import Any

from dilemmakaart.i18n import MissingTranslation
from dilemmakaart.merge import MISSING
from dilemmakaart.ui.bootstrap import Ctx
from dilemmakaart.wording import balance_words, signed

#: top-level fields and the key that names them
FIELDS = {
    "title": "case.title",
    "description": "case.description",
    "organisation": "case.organisation",
    "organisation_type": "case.organisation_type",
    "technology": "case.technology",
    "stakeholders": "case.stakeholders",
    "phase": "case.phase",
    "status": "case.status",
    "values": "case.values_at_stake",
    "dilemmas": "case.dilemmas",
    "actions": "case.actions",
    "options": "options.field",
    "decision": "case.decision",
}
#: attributes of an item and the key that names them
ATTRIBUTES = {
    "weight": "merge.attr.weight",
    "effect": "merge.attr.effect",
    "note": "case.note",
    "kind": "case.kind",
    "owner": "case.owner",
    "due": "case.due",
    "status": "case.action_status",
    "text": "merge.attr.text",
    "balance": "merge.attr.balance",
    "rationale": "merge.attr.rationale",
    "options": "merge.attr.options",
    "values": "merge.attr.values",
    "necessity": "merge.attr.necessity",
    "importance": "merge.attr.importance",
    "date": "merge.attr.date",
    "review": "merge.attr.review",
    "by": "merge.attr.by",
}


def at_word(text: str, limit: int) -> str:
    """``text`` on one line, at most ``limit`` characters, cut between words (never in one)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut and text[limit - 1] != " ":
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"


def _t(ctx: Ctx, key: str, fallback: str) -> str:
    try:
        return ctx.t(key)
    except MissingTranslation:
        return fallback


def value_name(ctx: Ctx, value_id: Any) -> str:
    return ctx.code.value_name(str(value_id), ctx.lang)


def field_name(ctx: Ctx, path: tuple[str, ...], actions: dict[str, str] | None = None) -> str:
    """A conflict's or a taken change's place, in words; ``actions``: the text of each action by
    its merge key (``merge.action_texts``)."""
    head = path[0]
    name = _t(ctx, FIELDS[head], head) if head in FIELDS else head
    if len(path) == 1:
        return name
    item = path[1]
    if head == "values":
        part = value_name(ctx, item)
    elif head == "dilemmas":
        part = " ↔ ".join(value_name(ctx, v) for v in item.split("|"))
    elif head == "actions":
        text = (actions or {}).get(item) or item.removeprefix("id:")
        part = f"{_t(ctx, 'case.action', 'Actie')} ‘{at_word(text, 60)}’"
    elif head == "decision":
        return f"{name}: {_t(ctx, ATTRIBUTES.get(item, ''), item).lower()}"
    else:
        part = item
    if len(path) == 2:
        return f"{name}: {part}"
    attribute = path[2]
    return f"{part}: {_t(ctx, ATTRIBUTES.get(attribute, ''), attribute).lower()}"


def value_text(ctx: Ctx, path: tuple[str, ...], value: Any) -> str:
    """A side's value as plain text (shown with ``st.text``)."""
    if value is MISSING:
        return ctx.t("merge.absent")
    if value is None or value == "" or value == []:
        return "—"
    head = path[0]
    if isinstance(value, dict):
        if head == "values":
            effect = value.get("effect")
            return ctx.t(
                "merge.value_item",
                name=value_name(ctx, value.get("value")),
                weight=value.get("weight"),
                effect=signed(effect) if isinstance(effect, int) else effect,
            )
        if head == "dilemmas":
            a, b, balance = value_name(ctx, value.get("a")), value_name(ctx, value.get("b")), value.get("balance")
            words = balance_words(a, b, balance, ctx.lang) if isinstance(balance, int) else str(balance)
            return ctx.t("merge.dilemma_item", a=a, b=b, balance=words)
        if head == "actions":
            return str(value.get("text", ""))
        if head == "decision":
            return str(value.get("text", "")) or "—"
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, list):
        if len(path) > 2 and path[2] == "values":
            return ", ".join(value_name(ctx, v) for v in value)
        if head == "sessions":
            return ctx.t("merge.sessions", n=len(value))
        return ", ".join(str(v) for v in value)
    if len(path) == 1 and head in ("organisation_type", "phase", "status"):
        return _t(ctx, f"{head}.{value}", str(value))
    if len(path) == 3 and path[2] == "effect" and isinstance(value, int):
        return signed(value)
    return str(value)
