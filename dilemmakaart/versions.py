"""What changed between two revisions of a case, as plain sentences (not a raw diff).

``compare_revisions(old, new, code, lang)`` returns a list of ``Change`` rows, grouped by part of
the case in a fixed order: facts, values, dilemmas, actions, decision, sessions. Values and
dilemmas are matched by id (a dilemma by its pair, in either order); actions by their stable id.
"""

from __future__ import annotations

from dataclasses import dataclass

from dilemmakaart.case import Case, Dilemma
from dilemmakaart.code import ValueCode
from dilemmakaart.i18n import format_date, t
from dilemmakaart.text import shorten
from dilemmakaart.wording import balance_words

SECTIONS = ("facts", "values", "dilemmas", "actions", "options", "decision", "sessions")


@dataclass(frozen=True)
class Change:
    section: str  # one of SECTIONS
    kind: str  # "added", "removed" or "changed"
    text: str  # a plain sentence in the user's language


def _signed(n: int) -> str:
    return f"{n:+d}" if n else "0"


def _label(key: str, value: str | None, lang: str) -> str:
    return t(f"{key}.{value}", lang) if value else "—"


def compare_revisions(old: Case, new: Case, code: ValueCode, lang: str = "nl") -> list[Change]:
    out: list[Change] = []

    def add(section: str, kind: str, key: str, **params: object) -> None:
        out.append(Change(section, kind, t(f"lib.diff.{key}", lang, **params)))

    name = lambda value_id: code.value_name(value_id, lang)  # noqa: E731

    # ---- facts
    if old.title != new.title:
        add("facts", "changed", "title", old=old.title, new=new.title)
    if old.description != new.description:
        add("facts", "changed", "description", old=len(old.description), new=len(new.description))
    if (old.organisation or "") != (new.organisation or ""):
        add("facts", "changed", "organisation", old=old.organisation or "—", new=new.organisation or "—")
    for field, label_key in (("organisation_type", "organisation_type"), ("phase", "phase"), ("status", "status")):
        before, after = getattr(old, field), getattr(new, field)
        if before != after:
            add("facts", "changed", field, old=_label(label_key, before, lang), new=_label(label_key, after, lang))
    if (old.code, old.code_version) != (new.code, new.code_version):  # the framework or its version (issue 16)
        before_fw = f"{old.code} {old.code_version or ''}".strip()
        add("facts", "changed", "framework", old=before_fw, new=f"{new.code} {new.code_version or ''}".strip())
    for field in ("technology", "stakeholders"):
        before, after = getattr(old, field), getattr(new, field)
        for item in after:
            if item not in before:
                add("facts", "added", f"{field}_added", item=item)
        for item in before:
            if item not in after:
                add("facts", "removed", f"{field}_removed", item=item)

    # ---- values
    before_values = {v.value: v for v in old.values}
    after_values = {v.value: v for v in new.values}
    for v in new.values:
        prev = before_values.get(v.value)
        if prev is None:
            add("values", "added", "value_added", value=name(v.value), weight=v.weight, effect=_signed(v.effect))
            continue
        if prev.weight != v.weight:
            add(
                "values",
                "changed",
                "weight",
                value=name(v.value),
                old=prev.weight,
                new=v.weight,
                direction=t("lib.diff.heavier" if v.weight > prev.weight else "lib.diff.lighter", lang),
            )
        if prev.effect != v.effect:
            add(
                "values",
                "changed",
                "effect",
                value=name(v.value),
                old=_signed(prev.effect),
                new=_signed(v.effect),
                direction=t("lib.diff.better" if v.effect > prev.effect else "lib.diff.worse", lang),
            )
        if prev.note != v.note:
            add("values", "changed", "value_note", value=name(v.value))
    for v in old.values:
        if v.value not in after_values:
            add("values", "removed", "value_removed", value=name(v.value))

    # ---- dilemmas (a pair in either order is the same dilemma; balances turned to the new order)
    def keyed(dilemmas: list[Dilemma]) -> dict[frozenset, Dilemma]:
        return {frozenset((d.a, d.b)): d for d in dilemmas}

    before_d, after_d = keyed(old.dilemmas), keyed(new.dilemmas)
    for d in new.dilemmas:
        pair = frozenset((d.a, d.b))
        a, b = name(d.a), name(d.b)
        prev_d = before_d.get(pair)
        if prev_d is None:
            add("dilemmas", "added", "dilemma_added", a=a, b=b, balance=balance_words(a, b, d.balance, lang))
            continue
        prev_balance = prev_d.balance if (prev_d.a, prev_d.b) == (d.a, d.b) else -prev_d.balance
        if prev_balance != d.balance:
            add(
                "dilemmas",
                "changed",
                "balance",
                a=a,
                b=b,
                old=balance_words(a, b, prev_balance, lang),
                new=balance_words(a, b, d.balance, lang),
            )
        if prev_d.rationale != d.rationale:
            add("dilemmas", "changed", "rationale", a=a, b=b)
        if list(prev_d.options) != list(d.options):
            add("dilemmas", "changed", "options", a=a, b=b, old=len(prev_d.options), new=len(d.options))
    for d in old.dilemmas:
        if frozenset((d.a, d.b)) not in after_d:
            add("dilemmas", "removed", "dilemma_removed", a=name(d.a), b=name(d.b))

    # ---- actions (matched by their id, so an edited text is a change, not one removed and one added)
    before_a = {action.id: action for action in old.actions}
    after_a = {action.id: action for action in new.actions}
    for action in new.actions:
        earlier = before_a.get(action.id)
        text = shorten(action.text, 80)
        if earlier is None:
            add("actions", "added", "action_added", action=text)
            continue
        if earlier.text != action.text:
            add("actions", "changed", "action_text", old=shorten(earlier.text, 80), action=text)
        if earlier.status != action.status:
            add(
                "actions",
                "changed",
                "action_status",
                action=text,
                old=_label("action_status", earlier.status, lang),
                new=_label("action_status", action.status, lang),
            )
        if earlier.priority != action.priority:
            add(
                "actions",
                "changed",
                "action_priority",
                action=text,
                old=earlier.priority or "—",
                new=action.priority or "—",
            )
        if (
            (earlier.owner or "") != (action.owner or "")
            or earlier.due != action.due
            or earlier.kind != action.kind
            or earlier.values != action.values
        ):
            add("actions", "changed", "action_details", action=text)
    for action in old.actions:
        if action.id not in after_a:
            add("actions", "removed", "action_removed", action=shorten(action.text, 80))

    # ---- options (matched by id), and whether the best option changed
    _compare_options(old, new, add)

    # ---- decision
    od, nd = old.decision, new.decision
    old_text, new_text = (od.text if od else ""), (nd.text if nd else "")
    if not old_text and new_text:
        add("decision", "added", "decision_added")
    elif old_text and not new_text:
        add("decision", "removed", "decision_removed")
    elif old_text != new_text:
        add("decision", "changed", "decision_text")
    for field in ("date", "review"):
        before = getattr(od, field) if od else None
        after = getattr(nd, field) if nd else None
        if before != after:
            add(
                "decision",
                "changed",
                f"decision_{field}",
                old=format_date(before, lang),
                new=format_date(after, lang),
            )

    # ---- sessions
    if len(new.sessions) != len(old.sessions):
        add(
            "sessions",
            "added" if len(new.sessions) > len(old.sessions) else "removed",
            "sessions",
            old=len(old.sessions),
            new=len(new.sessions),
        )
    # ---- profiles and session templates (issue 14): said with the sessions
    before_profiles = {p.name: p for p in old.profiles}
    after_profiles = {p.name: p for p in new.profiles}
    for profile in new.profiles:
        kind = t(f"teaching.kind.{profile.kind}", lang)
        if profile.name not in before_profiles:
            add("sessions", "added", "profile_added", name=profile.name, what=kind)
        elif before_profiles[profile.name] != profile:
            add("sessions", "changed", "profile_changed", name=profile.name, what=kind)
    for profile in old.profiles:
        if profile.name not in after_profiles:
            add(
                "sessions",
                "removed",
                "profile_removed",
                name=profile.name,
                what=t(f"teaching.kind.{profile.kind}", lang),
            )
    before_templates = {x.name for x in old.session_templates}
    for template in new.session_templates:
        if template.name not in before_templates:
            add("sessions", "added", "template_added", name=template.name)
    return out


def _compare_options(old: Case, new: Case, add) -> None:
    from dilemmakaart.options import rank

    before = {o.id: o for o in old.options}
    after = {o.id: o for o in new.options}
    for option in new.options:
        was = before.get(option.id)
        if was is None:
            add("options", "added", "option_added", option=shorten(option.title, 80))
        elif was != option:
            add("options", "changed", "option_changed", option=shorten(option.title, 80))
    for option in old.options:
        if option.id not in after:
            add("options", "removed", "option_removed", option=shorten(option.title, 80))
    best_before, best_after = rank(old).best, rank(new).best
    if (old.options or new.options) and best_before != best_after:
        title = lambda case, option_id: shorten(case.option(option_id).title, 80) if option_id else "—"  # noqa: E731
        add("options", "changed", "option_best", old=title(old, best_before), new=title(new, best_after))
