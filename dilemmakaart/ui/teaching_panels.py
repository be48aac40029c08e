"""Teaching mode in a session (issue 14): the pieces the facilitator, projector and participant pages
call. The logic is in ``dilemmakaart.teaching`` and ``dilemmakaart.profiles``; this draws it.

- ``start_choices``/``after_start``: teaching mode and the script, chosen when a session starts;
- ``teaching_controls``: the reference (changeable) and the script on the facilitator's screen;
- ``script_panel``: where the group is in the script, and the next phase (facilitator);
- ``phase_line``: the current phase in one line (projector);
- ``adopt_teaching``: in teaching mode, the outcome is saved as a group profile (never the case's weighing);
- ``confirm_weighing``: outside teaching mode, "use as the case's weighing" shows what changes and
  needs a confirmation;
- ``reference_table``: at a reveal, group, spread and reference side by side per item (projector,
  facilitator);
- ``my_distance``: on a phone, the participant's distance to the group and to the reference.
"""

from __future__ import annotations

from datetime import date
from html import escape

import pandas as pd
import streamlit as st

from dilemmakaart.aggregate import items_of, summarise
from dilemmakaart.case import Case, Response
from dilemmakaart.charts.session_charts import item_label
from dilemmakaart.problems import ProblemsError
from dilemmakaart.profiles import decimal, distance, distance_summary, group_medians, references, weighing
from dilemmakaart.scales import IMPORTANCE, NECESSITY, TIMER
from dilemmakaart.session import SessionError, SessionInfo, SessionStore, now_iso
from dilemmakaart.store import LibraryError
from dilemmakaart.teaching import (
    SCRIPTS,
    TeachingSettings,
    load_settings,
    reference_of,
    save_settings,
    session_group_profile,
    set_phase,
    start_from_template,
    template_of,
    weighing_changes,
    with_group_profile,
    with_template,
)
from dilemmakaart.text import md_escape
from dilemmakaart.ui.bootstrap import Ctx
from dilemmakaart.ui.faults import SAVE_FAILURES, save_failure
from dilemmakaart.ui.refresh import drawn_last, self_refreshing
from dilemmakaart.ui.session_common import anonymous_label
from dilemmakaart.ui.widgets import kept_open

PHASE_REFRESH_SECONDS = 2


def settings_of(sessions: SessionStore, info: SessionInfo) -> TeachingSettings:
    try:
        return load_settings(sessions, info.id)
    except SessionError:
        return TeachingSettings()


# ---------------------------------------------------------------- starting a session


def start_choices(ctx: Ctx) -> dict:
    """Teaching mode and the script, in the facilitator's start form (the reference is chosen in the
    session, from the references of its case)."""
    teaching = st.toggle(ctx.t("teaching.start.mode"), key="teach:mode", help=ctx.t("teaching.start.mode_help"))
    names = {"": ctx.t("teaching.start.no_script"), **{k: ctx.t(f"teaching.script.{k}") for k in SCRIPTS}}
    script = st.selectbox(
        ctx.t("teaching.start.script"),
        list(names),
        format_func=names.__getitem__,
        key="teach:script",
        help=" ".join(f"{names[k]}: {sum(p.minutes for p in phases)} min." for k, phases in SCRIPTS.items()),
    )
    return {"teaching": bool(teaching), "script": script or ""}


def after_start(ctx: Ctx, sessions: SessionStore, session_id: str, key: str, case_id: str, choices: dict) -> None:
    """Write the new session's teaching settings: in teaching mode the case's first reference."""
    if not choices.get("teaching") and not choices.get("script"):
        return
    reference = ""
    if choices.get("teaching"):
        try:
            refs = references(ctx.library.load(case_id))
        except (LibraryError, ProblemsError, OSError):
            refs = []
        reference = refs[0].name if refs else ""
    settings = TeachingSettings(teaching=bool(choices.get("teaching")), reference=reference, script=choices["script"])
    if settings.script:
        settings.phase_started = now_iso()
    save_settings(sessions, session_id, key, settings)


def teaching_controls(ctx: Ctx, sessions: SessionStore, info: SessionInfo, key: str, case: Case | None) -> None:
    """On the facilitator's screen: the teaching mode with its reference (changeable), and the script."""
    settings = settings_of(sessions, info)
    if settings.teaching and case is not None:
        refs = [p.name for p in references(case)]
        if refs:
            options = ["", *refs]
            current = settings.reference if settings.reference in refs else ""
            chosen = st.selectbox(
                ctx.t("teaching.start.reference"),
                options,
                index=options.index(current),
                format_func=lambda n: n or ctx.t("teaching.no_reference_chosen"),
                key="teach:reference",
            )
            if chosen != settings.reference:
                settings.reference = chosen or ""
                try:
                    save_settings(sessions, info.id, key, settings)
                except (SessionError, OSError) as exc:
                    st.error(ctx.t(f"session.error.{exc.key}") if isinstance(exc, SessionError) else str(exc))
        else:
            st.caption(ctx.t("teaching.start.no_reference"))
        st.caption(ctx.t("teaching.mode_on"))
    script_panel(ctx, sessions, info, key)
    actions_panel(ctx, sessions, info, key, case)
    debrief_downloads(ctx, sessions, info, case)
    save_template(ctx, sessions, info, case)


def save_template(ctx: Ctx, sessions: SessionStore, info: SessionInfo, case: Case | None) -> None:
    """Save this session's set-up on the case, to start the next group's session from in one click."""
    if case is None:
        return
    box = kept_open(ctx.t("teaching.template.save_title"), "teach:template-open", icon=":material/bookmark_add:")
    if not box.open:  # kept open through every redraw (widgets.kept_open), built only while open
        return
    with box:
        st.caption(ctx.t("teaching.template.save_help"))
        name = st.text_input(ctx.t("teaching.template.name"), max_chars=100, key="teach:template-name")
        timer = st.number_input(
            ctx.t("teaching.template.timer"),
            min_value=TIMER.min,
            max_value=TIMER.max,
            value=TIMER.min,
            step=TIMER.step,
            key="teach:template-timer",
        )
        if st.button(ctx.t("teaching.template.save"), key="teach:template-save", icon=":material/bookmark_add:"):
            if not name.strip():
                st.error(ctx.t("teaching.template.name_needed"))
                return
            from dilemmakaart import audit
            from dilemmakaart.roles import Action
            from dilemmakaart.ui import auth

            if auth.refused(ctx, Action.SAVE, info.case_id):
                return
            try:
                fresh = ctx.library.load(info.case_id)
                template = template_of(info, settings_of(sessions, info), name, int(timer) or None)
                saved = ctx.library.save(with_template(fresh, template))
                auth.record(audit.SAVE, saved.id, saved.revision, f"session template {name} from session {info.id}")
            except SAVE_FAILURES as exc:
                st.error(save_failure(ctx, exc))
                return
            st.success(ctx.t("teaching.template.saved", name=md_escape(template.name), revision=saved.revision))


def template_starts(ctx: Ctx, sessions: SessionStore, cases: list[Case]) -> tuple[SessionInfo, str] | None:
    """On the start screen: a button per saved set-up ("Klas B, zoals klas A"), one click starts a
    session from it. Returns the new session and its key (the caller remembers the key and opens it)."""
    with_templates = [c for c in cases if c.session_templates]
    if not with_templates:
        return None
    st.subheader(ctx.t("teaching.template.start_title"), anchor=False)
    for c in with_templates:
        for template in c.session_templates:
            label = ctx.t("teaching.template.start", name=md_escape(template.name), case=md_escape(c.title))
            if st.button(label, key=f"teach:start:{c.id}:{template.name}", icon=":material/play_arrow:"):
                from dilemmakaart.roles import Action
                from dilemmakaart.ui import auth

                if auth.refused(ctx, Action.RUN_SESSION, c.id):
                    return None
                try:
                    return start_from_template(sessions, ctx.library.load(c.id), template.name)
                except SessionError as exc:
                    st.error(ctx.t(f"session.error.{exc.key}", **exc.params))
                except (LibraryError, ProblemsError, OSError) as exc:
                    st.error(str(exc))
                return None
    return None


def debrief_downloads(ctx: Ctx, sessions: SessionStore, info: SessionInfo, case: Case | None) -> None:
    """The debrief handout (PDF, HTML; Dutch or English) once there are results; made when clicked."""
    if case is None or not (info.state == "revealed" or info.ended or info.round > 1):
        return
    from dilemmakaart.report.debrief import debrief_file_name, from_session, render_debrief

    box = kept_open(ctx.t("teaching.debrief.download_title"), "teach:debrief-open", icon=":material/description:")
    if not box.open:  # kept open through every redraw (widgets.kept_open), built only while open
        return
    with box:
        st.caption(ctx.t("teaching.debrief.download_help"))
        group = st.text_input(ctx.t("teaching.adopt.name"), key="teach:debrief-group", max_chars=100)
        names = {"nl": "Nederlands", "en": "English"}
        lang = st.segmented_control(
            ctx.t("teaching.debrief.language"),
            list(names),
            default=ctx.lang,
            format_func=names.__getitem__,
            key="teach:debrief-lang",
        )
        lang = lang or ctx.lang
        settings = settings_of(sessions, info)
        reference = reference_of(case, settings) or next(iter(references(case)), None)
        label = anonymous_label(ctx)

        made_key = f"teach:debrief-made:{info.id}"
        wanted = (group.strip(), lang, reference.name if reference else "", info.moment)
        if st.button(ctx.t("teaching.debrief.make"), key="teach:debrief-make", icon=":material/description:"):
            d = from_session(case, sessions, info.id, group=group.strip(), reference=reference, anonymous_label=label)
            st.session_state[made_key] = (
                wanted,
                {fmt: render_debrief(d, fmt, lang, ctx.code) for fmt in ("pdf", "html")},
            )
        made = st.session_state.get(made_key)
        if made is None or made[0] != wanted:  # made for another name, language or round: make it again
            return
        left, right = st.columns(2)
        for column, fmt, mime in ((left, "pdf", "application/pdf"), (right, "html", "text/html")):
            column.download_button(
                ctx.t("teaching.debrief.download", format=fmt.upper()),
                data=made[1][fmt],
                file_name=debrief_file_name(case, fmt, lang),
                mime=mime,
                key=f"teach:debrief-{fmt}",
                on_click="ignore",
                icon=":material/download:",
            )


def script_panel(ctx: Ctx, sessions: SessionStore, info: SessionInfo, key: str) -> None:
    """The facilitator's script: every phase with its minutes, the current one marked, and a button
    to the next phase."""
    settings = settings_of(sessions, info)
    phases = settings.phases()
    if not phases:
        return
    with st.container(border=True):
        current = phases[settings.phase] if 0 <= settings.phase < len(phases) else phases[0]
        st.markdown(f"**{ctx.t('teaching.script.now', script=ctx.t(f'teaching.script.{settings.script}'))}**")
        st.markdown(
            "### "
            + ctx.t(
                "teaching.phase_line",
                n=settings.phase + 1,
                total=len(phases),
                phase=ctx.t(f"teaching.phase.{current.key}"),
            )
            + f" · {ctx.t('teaching.minutes', n=current.minutes)}"
        )
        with st.expander(ctx.t("teaching.script.all", minutes=sum(p.minutes for p in phases))):
            lines = []
            for i, phase in enumerate(phases):
                text = (
                    f"{i + 1}\\. {ctx.t(f'teaching.phase.{phase.key}')} · {ctx.t('teaching.minutes', n=phase.minutes)}"
                )
                lines.append(f"**→ {text}**" if i == settings.phase else text)
            st.markdown("  \n".join(lines))
        last = settings.phase + 1 >= len(phases)
        if not last and st.button(ctx.t("teaching.script.next"), key="teach:next-phase", icon=":material/skip_next:"):
            try:
                set_phase(sessions, info.id, key, settings.phase + 1)
            except SessionError as exc:
                st.error(ctx.t(f"session.error.{exc.key}", **exc.params))
                return
            st.rerun()


def phase_line(ctx: Ctx, sessions: SessionStore, info: SessionInfo) -> None:
    """The current phase of the script in one line (the projector); it follows the facilitator's
    "next phase" within a few seconds (a small fragment reads the settings file again)."""
    if not settings_of(sessions, info).script:
        return

    @self_refreshing(PHASE_REFRESH_SECONDS)
    def line() -> None:
        settings = settings_of(sessions, info)
        phase = settings.current()
        if phase is not None:
            st.subheader(
                ctx.t(
                    "teaching.phase_line",
                    n=settings.phase + 1,
                    total=len(settings.phases()),
                    phase=ctx.t(f"teaching.phase.{phase.key}"),
                ),
                anchor=False,
            )

    drawn_last(line)


# ---------------------------------------------------------------- saving the outcome


def adopt_teaching(ctx: Ctx, sessions: SessionStore, info: SessionInfo, key: str, case: Case | None) -> bool:
    """In teaching mode: save the outcome as a group profile (the case's own weighing stays as it is)
    and return True; outside teaching mode return False and draw nothing."""
    settings = settings_of(sessions, info)
    if not settings.teaching:
        return False
    st.divider()
    st.subheader(ctx.t("teaching.adopt.title"), anchor=False)
    st.write(ctx.t("teaching.adopt.help"))
    default = ctx.t("teaching.adopt.default_name", date=date.today().isoformat())
    name = st.text_input(ctx.t("teaching.adopt.name"), value=default, max_chars=100, key="teach:profile-name")
    if st.button(ctx.t("teaching.adopt.save"), key="teach:adopt", icon=":material/save:", type="primary"):
        if not name.strip():
            st.error(ctx.t("teaching.adopt.name_needed"))
            return True
        from dilemmakaart import audit
        from dilemmakaart.roles import Action
        from dilemmakaart.ui import auth

        if auth.refused(ctx, Action.ADOPT, info.case_id):  # the same role as any save of a session
            return True
        try:
            sessions.check_moment(info.id, key, info.moment)
            fresh = ctx.library.load(info.case_id)
            label = anonymous_label(ctx)
            profile = session_group_profile(fresh, sessions, info.id, name, anonymous_label=label)
            saved = ctx.library.save(with_group_profile(fresh, profile))
            auth.record(audit.ADOPT, saved.id, saved.revision, f"group profile {name} from session {info.id}")
        except SessionError as exc:
            st.error(ctx.t(f"session.error.{exc.key}", **exc.params))
            return True
        except SAVE_FAILURES as exc:
            st.error(save_failure(ctx, exc))
            return True
        st.success(
            ctx.t("teaching.adopt.saved", name=md_escape(profile.name), revision=saved.revision),
            icon=":material/check_circle:",
        )
    return True


def confirm_weighing(ctx: Ctx, sessions: SessionStore, info: SessionInfo, case: Case | None) -> bool:
    """Outside teaching mode, before the group's medians replace the case's own numbers: what would
    change, in words, and a confirmation. True when the facilitator confirmed."""
    if case is None:
        return False
    answers = sessions.responses(info.id, info.round, anonymous_label=anonymous_label(ctx))
    medians = summarise(case, answers).medians() if answers else {}
    changes = weighing_changes(case, medians)
    if not changes:
        st.caption(ctx.t("teaching.confirm.nothing"))
        return True
    lines = [
        f"{item_label(f'{kind}:{target}', ctx.code, ctx.lang)}: {_num(kind, now, ctx.lang)} → {_num(kind, then, ctx.lang)}"
        for kind, target, now, then in changes
    ]
    st.warning(ctx.t("teaching.confirm.changes", n=len(changes)) + "\n\n" + "\n".join(f"- {x}" for x in lines))
    if case.status in ("besloten", "gearchiveerd"):
        st.error(ctx.t("teaching.confirm.decided", status=ctx.t(f"status.{case.status}")))
    return st.checkbox(ctx.t("teaching.confirm.check"), key="teach:confirm-weighing")


def _num(kind: str, n: float, lang: str) -> str:
    """A weight as 7 or 6,5; an effect or balance with its sign (+2, −1,5); decimals in the language's way."""
    text = decimal(abs(n), lang)
    if kind == "weight" or n == 0:
        return text if n >= 0 else "−" + text
    return ("+" if n > 0 else "−") + text


# ---------------------------------------------------------------- the reveal against the reference


def reference_table(
    ctx: Ctx, case: Case, sessions: SessionStore, info: SessionInfo, round_no: int, *, big: bool = False
) -> None:
    """In teaching mode with a reference: per item the group's median, its spread (lowest–highest
    and in words), the reference and the difference; and the group's distance to the reference."""
    settings = settings_of(sessions, info)
    reference = reference_of(case, settings)
    if not settings.teaching or reference is None:
        return
    answers = sessions.responses(info.id, round_no, anonymous_label=anonymous_label(ctx))
    if not answers:
        return
    summary = summarise(case, answers)
    ref = weighing(reference)
    rows = []
    for kind, target in items_of(case):
        stats = summary.items.get(f"{kind}:{target}")
        theirs = ref[kind + "s"].get(target)
        if stats is None or stats.median is None:
            continue
        low, high = min(stats.answers), max(stats.answers)
        state = (
            ctx.t("teaching.spread.split")
            if stats.split
            else ctx.t("teaching.spread.agree")
            if stats.agree
            else ctx.t("teaching.spread.differ")
            if stats.differ
            else ctx.t("teaching.spread.some")
        )
        rows.append(
            {
                ctx.t("teaching.col.item"): item_label(f"{kind}:{target}", ctx.code, ctx.lang),
                ctx.t("teaching.col.group"): _num(kind, stats.median, ctx.lang),
                ctx.t("teaching.col.spread"): (
                    f"{_num(kind, low, ctx.lang)} … {_num(kind, high, ctx.lang)}"
                    if low != high
                    else _num(kind, low, ctx.lang)
                )
                + f" · {state}",
                ctx.t("teaching.col.reference", name=reference.name): "—"
                if theirs is None
                else _num(kind, theirs, ctx.lang),
                ctx.t("teaching.col.diff"): "—" if theirs is None else _num("effect", stats.median - theirs, ctx.lang),
            }
        )
    (st.header if big else st.subheader)(ctx.t("teaching.reveal.title", name=md_escape(reference.name)), anchor=False)
    d = distance(group_medians(case, answers), ref, items_of(case))
    st.markdown(("### " if big else "") + md_escape(distance_summary(d, ctx.lang)))
    if big:  # the projector: the table in the room's type size
        st.html(_big_table(rows))
    else:
        st.table(pd.DataFrame(rows).set_index(ctx.t("teaching.col.item")))


def my_distance(
    ctx: Ctx, case: Case, sessions: SessionStore, info: SessionInfo, mine: Response | dict | None, round_no: int
) -> None:
    """On a phone after a reveal in teaching mode: how far my answer is from the group and from the
    reference, overall and item by item."""
    settings = settings_of(sessions, info)
    if not settings.teaching or mine is None:
        return
    answers = sessions.responses(info.id, round_no, anonymous_label=anonymous_label(ctx))
    if not answers:
        return
    me = weighing(mine)
    group = group_medians(case, answers)
    reference = reference_of(case, settings)
    items = items_of(case)
    to_group = distance(me, group, items)
    st.subheader(ctx.t("teaching.phone.title"), anchor=False)
    st.markdown(f"**{ctx.t('teaching.phone.to_group')}** {distance_summary(to_group, ctx.lang)}")
    to_ref = None
    if reference is not None:
        ref = weighing(reference)
        to_ref = distance(me, ref, items)
        st.markdown(
            f"**{ctx.t('teaching.phone.to_reference', name=md_escape(reference.name))}** {distance_summary(to_ref, ctx.lang)}"
        )
    rows = []
    for kind, target in items:
        mine_here = me[kind + "s"].get(target)
        if mine_here is None:
            continue
        row = {
            ctx.t("teaching.col.item"): item_label(f"{kind}:{target}", ctx.code, ctx.lang),
            ctx.t("teaching.col.me"): _num(kind, mine_here, ctx.lang),
            ctx.t("teaching.col.group"): _dash(group[kind + "s"].get(target), kind, ctx.lang),
        }
        if to_ref is not None and reference is not None:
            row[ctx.t("teaching.col.reference_short")] = _dash(
                weighing(reference)[kind + "s"].get(target), kind, ctx.lang
            )
        rows.append(row)
    if rows:
        with st.expander(ctx.t("teaching.phone.items")):
            st.table(pd.DataFrame(rows).set_index(ctx.t("teaching.col.item")))
    st.caption(ctx.t("teaching.distance.explain"))


def _big_table(rows: list[dict[str, str]]) -> str:
    """A plain HTML table in large type for the projector (every cell escaped)."""
    if not rows:
        return ""
    head = "".join(f'<th scope="col" style="text-align:left;padding:0.3em 0.8em">{escape(c)}</th>' for c in rows[0])
    body = "".join(
        "<tr>"
        + "".join(
            f'<td style="padding:0.3em 0.8em;border-top:1px solid #ccc">{escape(str(v))}</td>' for v in row.values()
        )
        + "</tr>"
        for row in rows
    )
    return f'<table style="font-size:1.6rem;border-collapse:collapse;width:100%"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _dash(n: float | None, kind: str, lang: str) -> str:
    return "—" if n is None else _num(kind, n, lang)


__all__ = [
    "actions_panel",
    "actions_phone",
    "actions_state",
    "adopt_teaching",
    "after_start",
    "confirm_weighing",
    "my_distance",
    "phase_line",
    "reference_table",
    "save_template",
    "script_panel",
    "start_choices",
    "teaching_controls",
    "template_starts",
]


# ---------------------------------------------------------------- the actions phase


def actions_panel(ctx: Ctx, sessions: SessionStore, info: SessionInfo, key: str, case: Case | None) -> None:
    """The facilitator: open proposing, merge duplicates, open scoring, and put the ranked list into
    the case's actions."""
    from dilemmakaart.teaching import merge, proposals, ranked, set_actions_phase, with_actions

    if case is None or info.ended:
        return
    settings = settings_of(sessions, info)
    box = kept_open(
        ctx.t("teaching.actions.title"),
        "teach:actions-open",
        icon=":material/task_alt:",
        first_open=bool(settings.actions),
    )
    if not box.open:  # kept open through every redraw (widgets.kept_open), built only while open
        return
    with box:
        st.caption(ctx.t("teaching.actions.help"))
        state_key = f"teaching.actions.state.{settings.actions or 'none'}"
        st.markdown(f"**{ctx.t(state_key)}**")
        steps = {"": "propose", "propose": "score", "score": "closed"}
        nxt = steps.get(settings.actions)
        if nxt and st.button(ctx.t(f"teaching.actions.open.{nxt}"), key="teach:actions-next", type="primary"):
            try:
                set_actions_phase(sessions, info.id, key, nxt)
            except SessionError as exc:
                st.error(ctx.t(f"session.error.{exc.key}", **exc.params))
                return
            st.rerun()
        found = proposals(sessions, info.id)
        if not found:
            if settings.actions:
                st.caption(ctx.t("teaching.actions.none_yet"))
            return
        labels = {
            p.id: f"{p.text} ({ctx.t(f'action_kind.{p.kind}')}, {ctx.code.value_name(p.value, ctx.lang)})"
            for p in found
        }
        if settings.actions == "propose":
            st.markdown("\n".join(f"- {md_escape(labels[p.id])}" + (f" · ×{p.by}" if p.by > 1 else "") for p in found))
            with st.form("teach:merge", border=True):
                st.markdown(ctx.t("teaching.actions.merge_help"))
                keep = st.selectbox(ctx.t("teaching.actions.keep"), list(labels), format_func=labels.__getitem__)
                others = st.multiselect(ctx.t("teaching.actions.same"), list(labels), format_func=labels.__getitem__)
                if st.form_submit_button(ctx.t("teaching.actions.merge")):
                    try:
                        merge(sessions, info.id, key, keep, [o for o in others if o != keep])
                    except SessionError as exc:
                        st.error(ctx.t(f"session.error.{exc.key}", **exc.params))
                        return
                    st.rerun()
            return
        rows = ranked(sessions, info.id)
        cols = {k: ctx.t(f"teaching.actions.col.{k}") for k in ("action", "by", "scores", "necessity", "importance")}
        cols["priority"] = ctx.t("teaching.actions.col.priority")
        table = pd.DataFrame(
            [
                {
                    cols["priority"]: r.priority
                    or None,  # numbers only (None: not scored), never a dash in a number column
                    cols["action"]: labels[r.proposal.id],
                    cols["necessity"]: r.necessity,
                    cols["importance"]: r.importance,
                    cols["scores"]: r.scores,
                    cols["by"]: r.proposal.by,
                }
                for r in rows
            ]
        )
        st.dataframe(
            table,
            hide_index=True,
            width="stretch",
            column_config={cols["action"]: st.column_config.TextColumn(width="large")},
        )
        if settings.actions == "closed" and st.button(
            ctx.t("teaching.actions.into_case"), key="teach:actions-save", icon=":material/playlist_add:"
        ):
            from dilemmakaart import audit
            from dilemmakaart.roles import Action
            from dilemmakaart.ui import auth

            if auth.refused(ctx, Action.SAVE, info.case_id):
                return
            try:
                fresh = ctx.library.load(info.case_id)
                changed, added = with_actions(fresh, rows)
                saved = ctx.library.save(changed) if added else fresh
            except SAVE_FAILURES as exc:
                st.error(save_failure(ctx, exc))
                return
            if added:  # a session's result went into its case: in the trail, as every adoption
                auth.record(audit.ADOPT, saved.id, saved.revision, f"{added} actions from session {info.id}")
            st.success(ctx.t("teaching.actions.saved", n=added, revision=saved.revision))


def actions_state(sessions: SessionStore, info: SessionInfo) -> str:
    """The actions phase as a phone's page depends on it ("", "propose", "score", "closed"): part of
    what the phone follows, so it redraws when the facilitator opens or closes the phase."""
    return settings_of(sessions, info).actions


def actions_phone(ctx: Ctx, sessions: SessionStore, info: SessionInfo, case: Case, token: str) -> None:
    """A participant's phone in the actions phase: propose actions, or score every proposal. It
    follows the facilitator opening and closing the phase within a few seconds."""
    from dilemmakaart.teaching import my_proposals, proposals, propose, score

    seen = settings_of(sessions, info).actions
    if seen not in ("propose", "score") or info.ended:
        return
    st.divider()
    st.subheader(ctx.t(f"teaching.actions.phone.{seen}"), anchor=False)
    names = {v.value: ctx.code.value_name(v.value, ctx.lang) for v in case.values}
    kinds = ("techniek", "omgeving", "gebruikers")
    if seen == "propose":
        st.caption(ctx.t("teaching.actions.phone.propose_help"))
        with st.form("teach:propose", clear_on_submit=True):
            text = st.text_area(ctx.t("teaching.actions.phone.text"), max_chars=300)
            kind = st.radio(
                ctx.t("teaching.actions.phone.kind"),
                kinds,
                format_func=lambda k: ctx.t(f"action_kind.{k}"),
                horizontal=True,
            )
            value = st.selectbox(ctx.t("teaching.actions.phone.value"), list(names), format_func=names.__getitem__)
            if st.form_submit_button(ctx.t("teaching.actions.phone.send"), type="primary"):
                try:
                    propose(sessions, info.id, token, case, text, kind or "techniek", value or "")
                    st.success(ctx.t("teaching.actions.phone.sent"))
                except SessionError as exc:
                    st.error(ctx.t(f"session.error.{exc.key}", **exc.params))
        mine = my_proposals(sessions, info.id, token)
        if mine:
            st.markdown("\n".join(f"- {md_escape(p.text)}" for p in mine))
        return
    found = proposals(sessions, info.id)
    if not found:
        st.caption(ctx.t("teaching.actions.none_yet"))
        return
    st.caption(ctx.t("teaching.actions.phone.score_help"))
    with st.form("teach:score"):
        given: dict[str, tuple[int, int]] = {}
        for p in found:
            st.markdown(
                f"**{md_escape(p.text)}** · {ctx.t(f'action_kind.{p.kind}')} · {md_escape(names.get(p.value, p.value))}"
            )
            left, right = st.columns(2)
            n = left.radio(
                ctx.t("teaching.actions.col.necessity"),
                NECESSITY.positions(),
                index=NECESSITY.positions().index(NECESSITY.default),
                horizontal=True,
                key=f"teach:n:{p.id}",
            )
            i = right.radio(
                ctx.t("teaching.actions.col.importance"),
                IMPORTANCE.positions(),
                index=IMPORTANCE.positions().index(IMPORTANCE.default),
                horizontal=True,
                key=f"teach:i:{p.id}",
            )
            given[p.id] = (int(n or NECESSITY.default), int(i or IMPORTANCE.default))
        if st.form_submit_button(ctx.t("teaching.actions.phone.send_scores"), type="primary"):
            try:
                score(sessions, info.id, token, given)
                st.success(ctx.t("teaching.actions.phone.scored"))
            except SessionError as exc:
                st.error(ctx.t(f"session.error.{exc.key}", **exc.params))
