"""Numbers said in words, the same way on every page, chart and report."""

from __future__ import annotations

from dilemmakaart.i18n import t
from dilemmakaart.scales import balance_degree, balance_side


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
    balance = round(balance)
    degree = balance_degree(balance)
    if degree == "equal":
        return t("balance.equal", lang)
    winner = a if balance_side(balance) == "a" else b
    return t(f"balance.{degree}", lang, value=winner, balance=balance).replace(
        f"({balance:+d})", f"({signed(balance)})"
    )
