"""Small hand-made cases for the library tests (numbers chosen so expectations can be worked out by hand)."""

from __future__ import annotations

from dilemmakaart.case import Action, Decision, Dilemma, ValueAtStake, new_case


def make(case_id: str, title: str = "", *, values=(), dilemmas=(), actions=(), **fields):
    return new_case(
        case_id,
        title or case_id,
        values=[ValueAtStake(value=v, weight=w, effect=e) for v, w, e in values],
        dilemmas=[Dilemma(a=a, b=b, balance=bal) for a, b, bal in dilemmas],
        actions=[Action(text=t, values=list(vs), kind=k) for t, vs, k in actions],
        **fields,
    )


__all__ = ["Decision", "make"]
