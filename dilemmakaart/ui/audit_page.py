"""The audit trail for the beheerder: who did what, when, to which case; filter and download CSV.

Read-only: the page offers no way to change or remove an entry (``dilemmakaart/audit.py``). The
gate before the page (``ui/auth.py``) lets only a beheerder in; the download checks again."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from dilemmakaart import audit
from dilemmakaart.roles import Action
from dilemmakaart.ui import auth
from dilemmakaart.ui.bootstrap import Ctx

SHOWN = 500  # entries on the screen (newest first); the CSV holds every entry


def audit_page(ctx: Ctx) -> None:
    st.title(ctx.t("audit.title"), anchor=False)
    st.write(ctx.t("audit.intro"))
    if auth.refused(ctx, Action.READ_AUDIT):
        return
    trail = auth.trail()
    try:
        entries = trail.entries()
    except OSError as exc:
        st.error(ctx.t("audit.unreadable", reason=exc.strerror or type(exc).__name__), icon=":material/error:")
        return
    torn = getattr(trail, "torn", 0)
    if torn:
        st.warning(ctx.t("audit.torn", n=torn))
    if not entries:
        st.info(ctx.t("audit.empty"))
        return
    actions = sorted({entry.action for entry in entries})
    left, middle, right = st.columns(3)
    chosen = left.multiselect(
        ctx.t("audit.filter_action"),
        actions,
        format_func=lambda action: ctx.t(f"audit.action.{action}"),
        key="audit:actions",
        placeholder=ctx.t("audit.filter_any"),
    )
    who = middle.text_input(ctx.t("audit.filter_who"), key="audit:who", max_chars=200).strip().lower()
    case = right.text_input(ctx.t("audit.filter_case"), key="audit:case", max_chars=200).strip().lower()
    picked = [
        entry
        for entry in entries
        if (not chosen or entry.action in chosen)
        and (not who or who in entry.who.lower())
        and (not case or case in entry.case_id.lower())
    ]
    st.caption(ctx.t("audit.count", shown=min(len(picked), SHOWN), n=len(picked), total=len(entries)))
    rows = [
        {
            ctx.t("audit.col.at"): entry.at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
            ctx.t("audit.col.who"): entry.who,
            ctx.t("audit.col.action"): ctx.t(f"audit.action.{entry.action}")
            if entry.action in audit.ACTIONS
            else entry.action,
            ctx.t("audit.col.case"): entry.case_id,
            ctx.t("audit.col.revision"): "" if entry.revision is None else str(entry.revision),
            ctx.t("audit.col.session"): entry.session,
            ctx.t("audit.col.detail"): entry.detail,
        }
        for entry in reversed(picked[-SHOWN:])
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    st.download_button(
        ctx.t("audit.download"),
        data=lambda: audit.export_csv(picked),
        file_name=f"audit-{stamp}.csv",
        mime="text/csv",
        key="audit:csv",
        icon=":material/download:",
        on_click="ignore",
    )
