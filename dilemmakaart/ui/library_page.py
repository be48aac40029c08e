"""The library page: every case in a table to search and filter; open, view, duplicate, delete,
restore; versions; upload; download. Logic lives in search, uploads, exports and versions."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from pathlib import Path

import pandas as pd
import streamlit as st

from dilemmakaart import audit
from dilemmakaart.backend import is_database
from dilemmakaart.case import ORGANISATION_TYPES, PHASES, STATUSES, Case, copy_title, slugify
from dilemmakaart.exports import cases_zip, library_csv, library_json
from dilemmakaart.frameworks import any_value_name, value_names
from dilemmakaart.i18n import format_date
from dilemmakaart.problems import ProblemsError
from dilemmakaart.roles import Action
from dilemmakaart.search import PAGE_SIZE, SORT_KEYS, Filters, rows
from dilemmakaart.store import ConflictError, LibraryError, trash_name
from dilemmakaart.text import md_escape
from dilemmakaart.ui import a11y, auth, pages, state, widgets
from dilemmakaart.ui.bootstrap import Ctx
from dilemmakaart.ui.draft_notice import discarded_list, draft_notices, follow
from dilemmakaart.ui.faults import fault_message
from dilemmakaart.uploads import check_upload, copy_id
from dilemmakaart.versions import SECTIONS, compare_revisions

FLASH = "lib:flash"
CHOSEN = "lib:chosen"
CONFIRM_DELETE = "lib:confirm-delete"
UPLOADED = "lib:uploaded"
MAX_UPLOAD_FILES = 50  # files in one upload (each is at most 1 MB: .streamlit/config.toml maxUploadSize)
COMPARE_PRESET = "cmp:preset"


def library_page(ctx: Ctx) -> None:
    st.title(ctx.t("lib.title"), anchor=False)
    st.markdown(ctx.t("lib.intro"))
    _flash()
    follow(ctx)
    discarded_list(ctx, where="lib")
    if not is_database(ctx.library):  # files that cannot be read; in a database: the screen says which
        unreadable = ctx.library.list().unreadable
        if unreadable:
            _unreadable(ctx, unreadable)
    from dilemmakaart.ui.flow_options import due_reviews  # decisions due for review (issue 15)

    due_reviews(ctx, ctx.library.reviewed(), where="lib")
    total = ctx.library.page(limit=0).total  # the library is read one screen at a time
    tab_cases, tab_upload, tab_trash = st.tabs(
        [
            ctx.t("lib.tab.cases", n=total),
            ctx.t("lib.tab.upload"),
            ctx.t("lib.tab.trash", n=len(ctx.library.trash())),
        ]
    )
    with tab_cases:
        _cases(ctx, total)
    with tab_upload:
        _uploads(ctx)
    with tab_trash:
        _trash(ctx)


def _flash() -> None:
    message = st.session_state.pop(FLASH, None)
    if message:
        kind, text = message
        getattr(st, kind)(text)


def _say(kind: str, text: str) -> None:
    st.session_state[FLASH] = (kind, text)


def _unreadable(ctx: Ctx, unreadable) -> None:
    st.warning(ctx.t("lib.unreadable", n=len(unreadable)))
    with st.expander(ctx.t("lib.unreadable_details")):
        for item in unreadable[:200]:
            st.markdown(f"**{md_escape(item.name)}**")
            _problem_list(ctx, item.problems)


def _problem_list(ctx: Ctx, problems, limit: int = 50) -> None:
    """Problems as text (readable by screen readers): place in bold, then what is wrong."""
    lines = [
        f"- **{md_escape(p.place or ctx.t('lib.whole_file'))}**: {md_escape(p.message(ctx.lang))}"
        for p in problems[:limit]
    ]
    if len(problems) > limit:
        lines.append(f"- … {len(problems) - limit}")
    st.markdown("\n".join(lines))


# ---------------------------------------------------------------- the table


def _filters(ctx: Ctx, found: dict[str, list[str]]) -> tuple[Filters, str, bool]:
    # each value as its case's own framework names it (learnt from the screens shown), else the code's name
    known: dict[str, str] = st.session_state.get("lib:value-names", {})
    st.text_input(ctx.t("lib.search"), key="lib:q", placeholder=ctx.t("lib.search_hint"))
    c1, c2, c3 = st.columns(3)
    with c1:
        types = st.multiselect(
            ctx.t("case.organisation_type"),
            ORGANISATION_TYPES,
            key="lib:f:type",
            format_func=lambda v: ctx.t(f"organisation_type.{v}"),
            placeholder=ctx.t("lib.any"),
        )
        techs = st.multiselect(
            ctx.t("case.technology"),
            found["technologies"],
            key="lib:f:tech",
            placeholder=ctx.t("lib.any"),
            format_func=lambda v: _tech_name(ctx, v),
        )
    with c2:
        values = st.multiselect(
            ctx.t("lib.value_at_stake"),
            found["values"],
            key="lib:f:value",
            placeholder=ctx.t("lib.any"),
            format_func=lambda v: known.get(v) or any_value_name(v, ctx.code, ctx.lang),
        )
        statuses = st.multiselect(
            ctx.t("case.status"),
            STATUSES,
            key="lib:f:status",
            placeholder=ctx.t("lib.any"),
            format_func=lambda v: ctx.t(f"status.{v}"),
        )
    with c3:
        phases = st.multiselect(
            ctx.t("case.phase"),
            PHASES,
            key="lib:f:phase",
            placeholder=ctx.t("lib.any"),
            format_func=lambda v: choice_label(ctx, "phase", v),
        )
        dates = st.date_input(ctx.t("lib.dates"), value=[], key="lib:f:dates", format="DD-MM-YYYY")
    s1, s2 = st.columns([2, 1])
    with s1:
        sort = st.selectbox(ctx.t("lib.sort"), SORT_KEYS, key="lib:sort", format_func=lambda k: ctx.t(f"lib.sort.{k}"))
    with s2:
        descending = st.toggle(ctx.t("lib.descending"), key="lib:desc", value=True)
    picked = tuple(dates) if isinstance(dates, (list, tuple)) else (dates,)
    date_from = picked[0] if len(picked) >= 1 else None
    date_to = picked[1] if len(picked) >= 2 else None
    filters = Filters(
        text=st.session_state.get("lib:q", ""),
        organisation_types=tuple(types),
        technologies=tuple(techs),
        values=tuple(values),
        statuses=tuple(statuses),
        phases=tuple(phases),
        date_from=date_from,
        date_to=date_to,
    )
    return filters, sort, descending


def choice_label(ctx: Ctx, prefix: str, value: str | None) -> str:
    """A contract choice in the user's language; the raw value when no translation exists."""
    from dilemmakaart.i18n import MissingTranslation

    if not value:
        return "—"
    try:
        return ctx.t(f"{prefix}.{value}")
    except MissingTranslation:
        return value


def _tech_name(ctx: Ctx, tech_id: str) -> str:
    tech = ctx.code.technology(tech_id)
    return tech.name(ctx.lang) if tech else tech_id


#: the table's columns: (key of the header, pandas type); every column has one type, so no case
#: can make the conversion for the browser fail (a mixed or huge column broke the whole page)
TABLE_COLUMNS = [
    ("case.title", "string"),
    ("case.organisation", "string"),
    ("case.organisation_type", "string"),
    ("case.technology", "string"),
    ("lib.top_values", "string"),
    ("case.status", "string"),
    ("case.phase", "string"),
    ("lib.updated", "object"),  # a date or nothing (Arrow: date32)
    ("case.revision", "Int64"),
]
INT64_MAX = 2**63 - 1


@dataclass
class Unshown:
    """A case the table cannot show, and why (the rest of the page is drawn as usual)."""

    id: str
    title: str
    reason: str


def _row(ctx: Ctx, case: Case) -> dict:
    (r,) = rows([case], ctx.code, ctx.lang)
    if not isinstance(r.revision, int) or not 0 <= r.revision <= INT64_MAX:
        raise ValueError(ctx.t("lib.unshown.revision", revision=r.revision))
    if r.updated is not None and not isinstance(r.updated, date):
        raise ValueError(ctx.t("lib.unshown.date"))
    return {
        "case.title": r.title,
        "case.organisation": r.organisation,
        "case.organisation_type": choice_label(ctx, "organisation_type", r.organisation_type),
        "case.technology": r.technology,
        "lib.top_values": r.values,
        "case.status": choice_label(ctx, "status", r.status),
        "case.phase": choice_label(ctx, "phase", r.phase),
        "lib.updated": r.updated,
        "case.revision": r.revision,
    }


def _table(ctx: Ctx, found: list[Case]) -> tuple[pd.DataFrame, list[str], list[Unshown]]:
    """The table of ``found`` with a type per column, the ids of its rows, and the cases it
    cannot show (each with its reason)."""
    good: list[dict] = []
    ids: list[str] = []
    unshown: list[Unshown] = []
    for case in found:
        try:
            good.append(_row(ctx, case))
        except Exception as exc:  # one odd case never takes the page down: it is listed instead
            reason = str(exc) if isinstance(exc, ValueError) else ctx.t("lib.unshown.other")
            unshown.append(Unshown(case.id, case.title, reason))
            continue
        ids.append(case.id)
    frame = pd.DataFrame(
        {ctx.t(key): pd.Series([row[key] for row in good], dtype=dtype) for key, dtype in TABLE_COLUMNS}
    )
    return frame, ids, unshown


def _unshown(ctx: Ctx, unshown: list[Unshown]) -> None:
    st.warning(ctx.t("lib.unshown", n=len(unshown)), icon=":material/warning:")
    for item in unshown[:50]:
        st.text(f"{item.title}: {item.reason}")


def _on_table_select(key: str) -> None:
    """Rows ticked in the table are added to the chosen cases (those chosen on other screens stay);
    a row unticked here leaves them."""
    event = st.session_state.get(key)
    ids = st.session_state.get("lib:table-ids", [])
    picked = [ids[i] for i in (event or {}).get("selection", {}).get("rows", []) if i < len(ids)]
    elsewhere = [i for i in st.session_state.get(CHOSEN, []) if i not in ids]
    st.session_state[CHOSEN] = (elsewhere + picked)[:20]


PAGE = "lib:page"  # the screen shown (0 is the first), back to 0 when the search or a filter changes
QUERY = "lib:query"


def _cases(ctx: Ctx, total: int) -> None:
    if not total:
        st.info(ctx.t("lib.empty"))
        return
    filters, sort, descending = _filters(ctx, ctx.library.facets())
    query = (filters, sort, descending)
    if st.session_state.get(QUERY) != query:
        st.session_state[QUERY] = query
        st.session_state[PAGE] = 0
    number = max(int(st.session_state.get(PAGE, 0)), 0)
    screen = ctx.library.page(filters, sort=sort, descending=descending, offset=number * PAGE_SIZE, limit=PAGE_SIZE)
    last = max((screen.total - 1) // PAGE_SIZE, 0)
    if number > last:  # cases were deleted: the last screen there is
        number = st.session_state[PAGE] = last
        screen = ctx.library.page(filters, sort=sort, descending=descending, offset=number * PAGE_SIZE)
    shown = ctx.library.load_many(screen.ids)
    unread = [i for i in screen.ids if i not in {c.id for c in shown}]
    if unread:  # a stored case that no longer reads (a hand edit in the database): named, not hidden
        st.warning(ctx.t("lib.unreadable_rows", n=len(unread), ids=", ".join(unread)), icon=":material/warning:")
    names: dict[str, str] = st.session_state.setdefault("lib:value-names", {})
    names.update(value_names(shown, ctx.code, ctx.lang))  # each value named by its case's own framework
    with a11y.status("lib-found"):  # announced when a filter changes it
        st.markdown(ctx.t("lib.found", n=screen.total, total=total))
    frame, ids, unshown = _table(ctx, shown)
    st.session_state["lib:table-ids"] = ids
    if unshown:
        _unshown(ctx, unshown)
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        key=f"lib:table:{number}",
        on_select=partial(_on_table_select, f"lib:table:{number}"),
        selection_mode="multi-row",
    )
    if screen.total > PAGE_SIZE:
        _pager(ctx, number, last, screen.total)
    st.caption(ctx.t("lib.table_hint"))
    # the chosen cases: from the table, or picked here; kept to cases that still exist, on any screen
    chosen_cases = ctx.library.load_many(st.session_state.get(CHOSEN, []))
    by_id = {c.id: c for c in chosen_cases + shown}
    st.session_state[CHOSEN] = [c.id for c in chosen_cases]
    chosen = st.multiselect(
        ctx.t("lib.chosen"),
        list(by_id),
        key=CHOSEN,
        format_func=lambda i: by_id[i].title,
        placeholder=ctx.t("lib.choose"),
    )

    def everything_found() -> list[Case]:  # only read when a download is asked for
        return ctx.library.load_many(
            ctx.library.page(filters, sort=sort, descending=descending, limit=screen.total).ids
        )

    d1, d2 = st.columns(2)
    with d1:
        st.download_button(
            ctx.t("lib.download_csv", n=screen.total),
            lambda: library_csv(everything_found(), ctx.code, ctx.lang),
            "dilemmakaart-bibliotheek.csv",
            "text/csv",
            key="lib:dl-csv",
            icon=":material/table:",
        )
    with d2:
        st.download_button(
            ctx.t("lib.download_json", n=screen.total),
            lambda: library_json(everything_found()),
            "dilemmakaart-bibliotheek.json",
            "application/json",
            key="lib:dl-json",
            icon=":material/data_object:",
        )
    if chosen:
        _actions(ctx, [by_id[i] for i in chosen if i in by_id])


def _pager(ctx: Ctx, number: int, last: int, total: int) -> None:
    """Previous and next screen, and which cases are shown: "51–100 van de 1234"."""
    row = st.container(horizontal=True, vertical_alignment="center", key="lib-pager")
    with row:
        st.button(
            ctx.t("lib.previous"),
            key="lib:previous",
            icon=":material/chevron_left:",
            disabled=number <= 0,
            on_click=lambda: st.session_state.__setitem__(PAGE, number - 1),
        )
    with row:
        first = number * PAGE_SIZE + 1
        st.markdown(ctx.t("lib.page_of", first=first, last=min(first + PAGE_SIZE - 1, total), total=total))
    with row:
        st.button(
            ctx.t("lib.next"),
            key="lib:next",
            icon=":material/chevron_right:",
            disabled=number >= last,
            on_click=lambda: st.session_state.__setitem__(PAGE, number + 1),
        )


def _actions(ctx: Ctx, chosen: list[Case]) -> None:
    st.subheader(ctx.t("lib.actions_title", n=len(chosen)), anchor=False)
    row = st.container(horizontal=True)  # each button as wide as its words: never cut off
    if len(chosen) == 1:
        case = chosen[0]
        with row:
            can_edit = pages.allowed(pages.DESCRIBE)  # a lezer downloads and compares, but opens nothing to edit
            if st.button(
                ctx.t("lib.open"), key="lib:open", type="primary", icon=":material/edit:", disabled=not can_edit
            ):
                _open(ctx, case.id)
        with row:
            st.download_button(
                ctx.t("lib.download_yaml"),
                ctx.library.case_bytes(case.id),
                f"{case.id}.yaml",
                "application/yaml",
                key="lib:dl-yaml",
                icon=":material/download:",
            )
    else:
        with row:
            disabled = len(chosen) > 4
            if st.button(
                ctx.t("lib.compare", n=len(chosen)),
                key="lib:compare",
                type="primary",
                disabled=disabled,
                icon=":material/compare:",
                help=ctx.t("lib.compare_max") if disabled else None,
            ):
                st.session_state[COMPARE_PRESET] = [c.id for c in chosen]
                pages.switch(pages.COMPARE, ctx.lang)
        with row:
            st.download_button(
                ctx.t("lib.download_zip", n=len(chosen)),
                cases_zip(chosen),
                "dilemmakaart-casussen.zip",
                "application/zip",
                key="lib:dl-zip",
                icon=":material/folder_zip:",
            )
    with row:
        st.button(
            ctx.t("lib.duplicate"),
            key="lib:duplicate",
            on_click=_duplicate,
            args=(ctx, [c.id for c in chosen]),
            icon=":material/content_copy:",
        )
    with row:
        st.button(
            ctx.t("lib.delete"),
            key="lib:delete",
            icon=":material/delete:",
            on_click=lambda: st.session_state.__setitem__(CONFIRM_DELETE, [c.id for c in chosen]),
        )
    pending = st.session_state.get(CONFIRM_DELETE)
    if pending:
        names = ", ".join(f"‘{md_escape(c.title)}’" for c in chosen if c.id in pending)
        st.warning(ctx.t("lib.delete_confirm", n=len(pending)) + " " + names)
        y, n = st.columns([1, 4])
        with y:
            st.button(
                ctx.t("lib.delete_yes"), key="lib:delete-yes", type="primary", on_click=_delete, args=(ctx, pending)
            )
        with n:
            st.button(
                ctx.t("lib.cancel"), key="lib:delete-no", on_click=lambda: st.session_state.pop(CONFIRM_DELETE, None)
            )
    if len(chosen) == 1:
        case = ctx.library.load(chosen[0].id)
        waiting = state.waiting_drafts(ctx, case.id, case)
        if waiting:
            draft_notices(ctx, waiting, where="lib", go_to_flow=True)
        with st.container(border=True):
            widgets.case_overview(ctx, case)
        _versions(ctx, case)


def _open(ctx: Ctx, case_id: str) -> None:
    current = state.current_case()
    if (
        current is not None
        and state.is_dirty()
        and current.id != case_id
        and not st.session_state.get("lib:open-anyway")
    ):
        st.session_state["lib:open-anyway-id"] = case_id
        st.warning(ctx.t("lib.unsaved", title=md_escape(current.title)))
        st.button(
            ctx.t("lib.open_anyway"),
            key="lib:open-anyway",
            on_click=lambda: st.session_state.__setitem__("lib:open-anyway", True),
        )
        return
    st.session_state.pop("lib:open-anyway", None)
    state.open_case(ctx, case_id)
    pages.switch(pages.DESCRIBE, ctx.lang)


def _free_ids(ctx: Ctx) -> set[str]:
    return set(ctx.library.ids()) | {cid for cid, _ in ctx.library.trash()}


def _duplicate(ctx: Ctx, ids: list[str]) -> None:
    refused = auth.check(ctx, Action.SAVE, ", ".join(ids))
    if refused:
        _say("error", refused)
        return
    made: list[str] = []
    titles: list[str] = []  # the message names the copies by title, never by id
    for case_id in ids:
        case = ctx.library.load(case_id)
        title = copy_title(case.title, lambda title: ctx.t("lib.copy_title", title=title))
        copy = case.copy_as_new(slugify(f"{case.id[:50]}-kopie", _free_ids(ctx)), title)
        try:
            saved = ctx.library.save(copy, create=True)
        except LibraryError as exc:
            _say("error", ctx.t("lib.failed", reason=str(exc.key)))
            return
        except OSError as exc:  # a full or read-only disk, in words
            _say("error", fault_message(ctx, exc, action="save"))
            return
        auth.record(audit.SAVE, saved.id, saved.revision, f"duplicate of {case_id}")
        made.append(saved.id)
        titles.append(f"‘{md_escape(saved.title)}’")
    st.session_state[CHOSEN] = made
    _say("success", ctx.t("lib.duplicated", ids=", ".join(titles)))


def _delete(ctx: Ctx, ids: list[str]) -> None:
    st.session_state.pop(CONFIRM_DELETE, None)
    refused = auth.check(ctx, Action.DELETE, ", ".join(ids))
    if refused:
        _say("error", refused)
        return
    gone = []
    for case_id in ids:
        try:
            ctx.library.delete(case_id)
            auth.record(audit.DELETE, case_id)
            gone.append(case_id)
        except LibraryError:
            pass
        except OSError as exc:  # a full or read-only disk, in words; nothing more is tried
            _say("error", fault_message(ctx, exc, action="save"))
            return
    st.session_state[CHOSEN] = []
    _say("success", ctx.t("lib.deleted", n=len(gone)))


# ---------------------------------------------------------------- versions


def _versions(ctx: Ctx, case: Case) -> None:
    history = ctx.library.history(case.id)
    st.subheader(ctx.t("lib.versions"), anchor=False)
    if not history:
        st.caption(ctx.t("lib.no_versions"))
        return
    revisions = [r.revision for r in history] + (
        [case.revision] if case.revision not in {r.revision for r in history} else []
    )
    saved = {r.revision: format_date(r.saved, ctx.lang, time=True) for r in history}

    def name(rev: int) -> str:
        return (
            ctx.t("lib.version_current", rev=rev)
            if rev == case.revision
            else ctx.t("lib.version_saved", rev=rev, when=saved.get(rev, "?"))
        )

    c1, c2 = st.columns(2)
    old_key, new_key = f"lib:v-old:{case.id}", f"lib:v-new:{case.id}"
    if st.session_state.get(old_key) not in revisions:
        st.session_state[old_key] = revisions[-2] if len(revisions) > 1 else revisions[0]
    if st.session_state.get(new_key) not in revisions:
        st.session_state[new_key] = revisions[-1]
    with c1:
        old = st.selectbox(ctx.t("lib.version_from"), revisions, key=old_key, format_func=name)
    with c2:
        new = st.selectbox(ctx.t("lib.version_to"), revisions, key=new_key, format_func=name)
    try:
        before, after = ctx.library.load_revision(case.id, old), ctx.library.load_revision(case.id, new)
    except (LibraryError, ProblemsError) as exc:
        st.error(ctx.t("lib.version_unreadable", reason=md_escape(str(exc))))
        return
    changes = compare_revisions(before, after, ctx.code, ctx.lang)
    if not changes:
        st.info(ctx.t("lib.no_changes"))
        return
    for section in SECTIONS:
        items = [c for c in changes if c.section == section]
        if items:
            st.markdown(f"**{ctx.t(f'lib.section.{section}')}**")
            st.markdown("\n".join(f"- {md_escape(c.text)}" for c in items))


# ---------------------------------------------------------------- uploads


def _uploads(ctx: Ctx) -> None:
    st.markdown(ctx.t("lib.upload_intro"))
    files = st.file_uploader(ctx.t("lib.upload"), accept_multiple_files=True, key="lib:upload", type=["yaml", "yml"])
    st.caption(ctx.t("lib.upload_limits", max=MAX_UPLOAD_FILES))
    if not files:
        return
    if len(files) > MAX_UPLOAD_FILES:  # each file is held in the server's memory: refuse a flood in words
        st.error(ctx.t("lib.upload_too_many", n=len(files), max=MAX_UPLOAD_FILES))
        return
    done: dict[str, str] = st.session_state.setdefault(UPLOADED, {})
    taken = set(ctx.library.ids()) | {cid for cid, _ in ctx.library.trash()}
    for file in files:
        raw = file.getvalue()
        token = f"{file.name}:{hashlib.sha256(raw).hexdigest()[:12]}"
        with st.container(border=True):
            st.markdown(f"**{md_escape(file.name)}**")
            if token in done:
                st.success(ctx.t("lib.upload_saved", id=done[token]))
                continue
            upload = check_upload(file.name, raw, ctx.code, taken)
            case = upload.case
            if upload.problems or case is None:  # without problems there is always a case
                st.error(ctx.t("lib.upload_problems", n=len(upload.problems)))
                _problem_list(ctx, upload.problems)
                continue
            st.markdown(
                ctx.t(
                    "lib.upload_ok",
                    title=md_escape(case.title),
                    id=case.id,
                    values=len(case.values),
                    dilemmas=len(case.dilemmas),
                )
            )
            if upload.exists and upload.copy_id:  # a copy id comes with every existing id
                st.warning(ctx.t("lib.upload_exists", id=case.id))
                st.button(
                    ctx.t("lib.upload_save_copy", id=upload.copy_id),
                    key=f"lib:up-copy:{token}",
                    on_click=_save_upload,
                    args=(ctx, token, case.copy_as_new(upload.copy_id, case.title)),
                    icon=":material/content_copy:",
                )
            else:
                st.button(
                    ctx.t("lib.upload_save"),
                    key=f"lib:up-save:{token}",
                    type="primary",
                    on_click=_save_upload,
                    args=(ctx, token, case),
                    icon=":material/save:",
                )


def _save_upload(ctx: Ctx, token: str, case: Case) -> None:
    refused = auth.check(ctx, Action.UPLOAD, case.id)
    if refused:
        _say("error", refused)
        return
    try:
        saved = ctx.library.save(case, create=True)
    except ConflictError:
        _say("warning", ctx.t("lib.upload_exists", id=case.id))
        return
    except OSError as exc:  # a full or read-only disk, in words
        _say("error", fault_message(ctx, exc, action="save"))
        return
    auth.record(audit.UPLOAD, saved.id, saved.revision)
    st.session_state.setdefault(UPLOADED, {})[token] = saved.id
    _say("success", ctx.t("lib.upload_saved", id=saved.id))


# ---------------------------------------------------------------- trash


def _trash(ctx: Ctx) -> None:
    items = ctx.library.trash()
    if not items:
        st.info(ctx.t("lib.trash_empty"))
        return
    st.markdown(ctx.t("lib.trash_intro"))
    existing = set(ctx.library.ids())
    for case_id, path in items:
        title, when = _trash_label(ctx, case_id, path)
        with st.container(border=True):
            left, right = st.columns([3, 2])
            with left:
                st.markdown(ctx.t("lib.trash_item", title=md_escape(title), when=when))
            with right:
                key = f"lib:restore:{path.name}"
                if case_id in existing:
                    st.caption(ctx.t("lib.restore_exists", id=case_id))
                    st.button(ctx.t("lib.restore_copy"), key=key, on_click=_restore_copy, args=(ctx, case_id, path))
                else:
                    st.button(
                        ctx.t("lib.restore"),
                        key=key,
                        on_click=_restore,
                        args=(ctx, case_id),
                        icon=":material/restore_from_trash:",
                    )


def _trash_label(ctx: Ctx, case_id: str, path: Path) -> tuple[str, str]:
    """A trashed case as people know it: its title (the id only when the file cannot be read) and
    when it was deleted, in the one date format."""
    try:
        title = ctx.library.read_trashed(path, case_id).title
    except (ProblemsError, OSError, LibraryError):
        title = case_id
    parsed = trash_name(path.name)
    try:
        when = format_date(datetime.strptime(parsed[1][:15], "%Y%m%dT%H%M%S"), ctx.lang, time=True) if parsed else ""
    except ValueError:
        when = parsed[1] if parsed else ""
    return title, when


def _restore(ctx: Ctx, case_id: str) -> None:
    refused = auth.check(ctx, Action.RESTORE, case_id)
    if refused:
        _say("error", refused)
        return
    try:
        case = ctx.library.restore(case_id)
    except ConflictError:
        _say("warning", ctx.t("lib.restore_exists", id=case_id))
        return
    except (LibraryError, ProblemsError) as exc:
        _say("error", ctx.t("lib.failed", reason=str(exc)))
        return
    except OSError as exc:  # a full or read-only disk, in words
        _say("error", fault_message(ctx, exc, action="save"))
        return
    auth.record(audit.RESTORE, case.id, case.revision)
    _say("success", ctx.t("lib.restored", title=md_escape(case.title)))


def _restore_copy(ctx: Ctx, case_id: str, path: Path) -> None:
    refused = auth.check(ctx, Action.RESTORE, case_id)
    if refused:
        _say("error", refused)
        return
    try:
        case = ctx.library.read_trashed(path, case_id)
        saved = ctx.library.save(case.copy_as_new(copy_id(case_id, _free_ids(ctx)), case.title), create=True)
    except (LibraryError, ProblemsError) as exc:
        _say("error", ctx.t("lib.failed", reason=str(exc)))
        return
    except OSError as exc:  # a full or read-only disk, in words
        _say("error", fault_message(ctx, exc, action="save"))
        return
    auth.record(audit.RESTORE, saved.id, saved.revision, f"copy of {case_id} from the trash")
    _say("success", ctx.t("lib.restored_copy", id=saved.id))
