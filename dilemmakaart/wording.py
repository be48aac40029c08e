"""Numbers said in words, the same way on every page, chart and report."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from dilemmakaart.i18n import join_words, t
from dilemmakaart.scales import balance_degree, balance_side, round_half_away
from dilemmakaart.text import shorten

if TYPE_CHECKING:
    from dilemmakaart.case import Removed


def signed(n: float) -> str:
    """+3, −2, 0 with a real minus sign (typography for screen and print)."""
    if n == 0:
        return "0"
    return ("+" if n > 0 else "−") + f"{abs(n):g}"


def balance_words(a: str, b: str, balance: float, lang: str) -> str:
    """A balance of −100…+100 in words: which value weighs more, and how much.

    −100 means ``a`` wins fully, +100 ``b``; how much is ``scales.balance_degree`` ("slightly" below
    34, "clearly" below 67, else "much").
    """
    balance = round_half_away(balance)
    degree = balance_degree(balance)
    if degree == "equal":
        return t("balance.equal", lang)
    winner = a if balance_side(balance) == "a" else b
    return t(f"balance.{degree}", lang, value=winner, balance=balance).replace(
        f"({balance:+d})", f"({signed(balance)})"
    )


def removed_words(removed: Removed, name: Callable[[str], str], lang: str) -> str:
    """What taking a value off the table removed as well, in sentences (``Case.untag``'s answer):
    its dilemmas, the group's answers about them, and the actions that no longer name it.
    ``name`` turns a value id into its name."""
    if removed.value is None:
        return ""
    value = name(removed.value.value)
    parts = [t("flow.values.removed", lang, value=value)]
    if removed.dilemmas:
        pairs = join_words([f"{name(d.a)} – {name(d.b)}" for d in removed.dilemmas], lang)
        parts.append(t("flow.values.removed_dilemmas", lang, n=len(removed.dilemmas), pairs=pairs))
    if removed.answers:
        parts.append(t("flow.values.removed_answers", lang, n=removed.answers))
    if removed.actions:
        actions = join_words([f"“{shorten(a.text, 40)}”" for a in removed.actions], lang)
        parts.append(t("flow.values.removed_actions", lang, n=len(removed.actions), actions=actions, value=value))
    return " ".join(parts)
