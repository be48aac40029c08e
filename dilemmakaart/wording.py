"""Numbers said in words, the same way on every page, chart and report."""

from __future__ import annotations

from dilemmakaart.i18n import t


def signed(n: float) -> str:
    """+3, −2, 0 with a real minus sign (typography for screen and print)."""
    if n == 0:
        return "0"
    return ("+" if n > 0 else "−") + f"{abs(n):g}"


def balance_words(a: str, b: str, balance: float, lang: str) -> str:
    """A balance of −100…+100 in words: which value weighs more, and how much.

    −100 means ``a`` wins fully, +100 ``b``. Below 34 is "slightly", below 67 "clearly", else "much".
    """
    balance = round(balance)
    if balance == 0:
        return t("balance.equal", lang)
    winner = a if balance < 0 else b
    strength = abs(balance)
    degree = "balance.slight" if strength < 34 else "balance.clear" if strength < 67 else "balance.strong"
    return t(degree, lang, value=winner, balance=balance).replace(f"({balance:+d})", f"({signed(balance)})")
