"""Sign-in and roles on the server side, under AppTest with a fake identity (``at.user``) and an
``[auth]`` section (``at.secrets``): pages and actions are refused on the server whatever the
browser sends, each refusal names the role and lands in the audit trail; every change is recorded.
(The real sign-in redirect through an OpenID Connect provider: tests/e2e/test_auth_e2e.py.)"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dilemmakaart import audit
from dilemmakaart.store import CaseLibrary
from dilemmakaart.ui import pages
from tests.apptest import ROOT, TIMEOUT, go, open_page

AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "a-test-secret-that-is-long-enough-32",
    "client_id": "dilemmakaart",
    "client_secret": "test",
    "server_metadata_url": "http://127.0.0.1:1/.well-known/openid-configuration",
}
CASE = "drones-dijkinspectie"


def person(*roles: str, email: str = "anna@gemeente.nl") -> dict:
    return {
        "is_logged_in": True,
        "sub": f"sub-{email}",
        "email": email,
        "name": email.split("@")[0],
        "roles": list(roles),
    }


def signed_in_app(library, monkeypatch, user: dict, page=None, query: dict | None = None) -> AppTest:
    monkeypatch.setenv("DILEMMAKAART_CASES", str(library))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.secrets["auth"] = AUTH
    at.user = user
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    if page is not None and page is not pages.HOME:
        go(at, page)
    return at


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [m.value for m in at.caption] + [m.value for m in at.title]
    parts += [m.value for m in at.error] + [m.value for m in at.warning] + [m.value for m in at.info]
    return "\n".join(parts)


def trail(library) -> list[audit.AuditEntry]:
    return audit.open_trail(library).entries()


def test_not_signed_in_sees_only_the_sign_in_screen(example_library, monkeypatch):
    at = signed_in_app(example_library, monkeypatch, {"is_logged_in": False})
    assert [b.label for b in at.button if b.key.startswith("auth:login")] == ["Aanmelden"]
    assert "Aanmelden bij Dilemmakaart" in texts(at)
    assert not at.sidebar.get("page_link")  # no navigation before signing in
    for page in (pages.LIBRARY, pages.DESCRIBE, pages.AUDIT, pages.SESSION):
        go(at, page)
        assert "Aanmelden bij Dilemmakaart" in texts(at), page.url_path
        assert not at.multiselect and not at.text_input and not at.dataframe, page.url_path


def test_the_participant_page_needs_no_account(example_library, monkeypatch):
    at = signed_in_app(example_library, monkeypatch, {"is_logged_in": False}, page=pages.JOIN)
    assert "Aanmelden bij Dilemmakaart" not in texts(at)
    assert not any(b.key.startswith("auth:login") for b in at.button)
    assert at.text_input  # the join code field


def _nav(at: AppTest) -> set[str]:
    return {link.proto.page for link in at.sidebar.get("page_link")}


def test_a_lezer_sees_reading_pages_only_and_a_refused_page_names_its_role(example_library, monkeypatch):
    at = signed_in_app(example_library, monkeypatch, person("lezer"))
    shown = _nav(at)
    assert shown == {"", "bibliotheek", "vergelijken", "inzichten", "meedoen", "code"}
    assert "Aangemeld als anna (lezer)" in texts(at)
    go(at, pages.DESCRIBE)
    assert "Een casus bewerken mag alleen met de rol schrijver" in texts(at)
    assert not at.text_input  # the page did not run: nothing to type in
    go(at, pages.DESCRIBE)  # a second visit in the same session is not recorded again
    refused = [e for e in trail(example_library) if e.action == audit.REFUSED]
    assert [(e.who, e.detail) for e in refused] == [("anna@gemeente.nl", "page /beschrijven: schrijver")]
    assert refused[0].session


def test_a_lezer_cannot_save_even_by_replaying_a_schrijver_click(example_library, monkeypatch):
    """The save button's message sent while the session's person has only lezer: the save runs its
    check on the server (in the button's callback, before any page code) and writes nothing."""
    before = (example_library / f"{CASE}.yaml").read_bytes()
    at = signed_in_app(example_library, monkeypatch, person("schrijver"), pages.DESCRIBE, {"case": CASE})
    at.text_input(key="describe:title").input("Drones boven de dijk, herzien").run()
    at.user = person("lezer")  # the role taken away (roles file, token): the button is still in the browser
    at.button(key="flow:save").click().run()
    assert not at.exception, at.exception
    assert (example_library / f"{CASE}.yaml").read_bytes() == before
    refused = [e for e in trail(example_library) if e.action == audit.REFUSED]
    assert ("anna@gemeente.nl", CASE, "save: schrijver") in [(e.who, e.case_id, e.detail) for e in refused]
    assert not [e for e in trail(example_library) if e.action == audit.SAVE]


def test_a_schrijver_saves_and_the_save_is_recorded(example_library, monkeypatch):
    at = signed_in_app(
        example_library, monkeypatch, person("schrijver", email="bob@gemeente.nl"), pages.DESCRIBE, {"case": CASE}
    )
    at.text_input(key="describe:title").input("Drones boven de dijk, herzien").run()
    at.button(key="flow:save").click().run()
    assert not at.exception, at.exception
    saved = CaseLibrary(example_library).load(CASE)
    assert saved.title == "Drones boven de dijk, herzien"
    entries = [e for e in trail(example_library) if e.action == audit.SAVE]
    assert [(e.who, e.case_id, e.revision) for e in entries] == [("bob@gemeente.nl", CASE, saved.revision)]


def test_delete_needs_beheerder_and_says_so(example_library, monkeypatch):
    at = signed_in_app(example_library, monkeypatch, person("schrijver"), pages.LIBRARY)
    at.multiselect(key="lib:chosen").select(CASE).run()
    at.button(key="lib:delete").click().run()
    at.button(key="lib:delete-yes").click().run()
    assert not at.exception, at.exception
    assert (example_library / f"{CASE}.yaml").is_file()
    assert "Een casus weggooien mag alleen met de rol beheerder" in texts(at)
    assert [(e.action, e.detail) for e in trail(example_library)] == [(audit.REFUSED, "delete: beheerder")]


def test_beheerder_deletes_restores_and_reads_the_trail_as_csv(example_library, monkeypatch):
    at = signed_in_app(example_library, monkeypatch, person("beheerder", email="root@gemeente.nl"), pages.LIBRARY)
    at.multiselect(key="lib:chosen").select(CASE).run()
    at.button(key="lib:delete").click().run()
    at.button(key="lib:delete-yes").click().run()
    assert not (example_library / f"{CASE}.yaml").is_file()
    trashed = CaseLibrary(example_library).trash()
    at.button(key=f"lib:restore:{trashed[0][1].name}").click().run()
    assert not at.exception, at.exception
    assert (example_library / f"{CASE}.yaml").is_file()
    assert [(e.who, e.action, e.case_id) for e in trail(example_library)] == [
        ("root@gemeente.nl", audit.DELETE, CASE),
        ("root@gemeente.nl", audit.RESTORE, CASE),
    ]
    go(at, pages.AUDIT)
    table = at.dataframe[0].value
    assert list(table["Actie"]) == ["teruggezet", "weggegooid"]  # newest first
    assert set(table["Wie"]) == {"root@gemeente.nl"}
    # nothing on the page can change the trail: no field but the filters, no button but the download
    assert {w.key for w in at.text_input} == {"audit:who", "audit:case"}
    assert not at.main.button


def test_the_audit_page_is_refused_to_a_schrijver(example_library, monkeypatch):
    audit.open_trail(example_library).record("x@y.nl", audit.SAVE, CASE, 2)
    at = signed_in_app(example_library, monkeypatch, person("schrijver"), pages.AUDIT)
    assert "Het auditlogboek lezen mag alleen met de rol beheerder" in texts(at)
    assert not at.dataframe


def test_a_person_without_a_role_is_told_whom_to_ask(example_library, monkeypatch):
    at = signed_in_app(example_library, monkeypatch, person())
    assert "Je hebt nog geen rol" in texts(at)
    assert not at.dataframe and not at.multiselect


def test_a_broken_roles_file_grants_nothing(example_library, monkeypatch, tmp_path):
    roles = tmp_path / "roles.yaml"
    roles.write_text("people:\n  anna@gemeente.nl: [baas]\n", encoding="utf-8")
    monkeypatch.setenv("DILEMMAKAART_ROLES_FILE", str(roles))
    at = signed_in_app(example_library, monkeypatch, person("beheerder"), pages.LIBRARY)
    assert "Het rollenbestand kan niet worden gebruikt" in texts(at) and "baas" in texts(at)
    assert not at.multiselect


def test_roles_from_the_roles_file_and_groups(example_library, monkeypatch, tmp_path):
    roles = tmp_path / "roles.yaml"
    roles.write_text("groups:\n  sessieleiders: [begeleider]\n", encoding="utf-8")
    monkeypatch.setenv("DILEMMAKAART_ROLES_FILE", str(roles))
    user = person() | {"groups": ["sessieleiders"]}
    at = signed_in_app(example_library, monkeypatch, user, pages.SESSION)
    assert "mag alleen met de rol" not in texts(at)
    assert "sessie" in _nav(at) and "beschrijven" not in _nav(at)


@pytest.mark.parametrize("page", [pages.HOME, pages.LIBRARY, pages.AUDIT])
def test_without_sign_in_on_a_private_address_everyone_may_do_everything(page, example_library, monkeypatch):
    at = open_page(page, example_library, monkeypatch)
    assert "mag alleen met de rol" not in texts(at)
    assert "Aanmelden bij Dilemmakaart" not in texts(at)
    assert _nav(at) == {page.url_path for page in pages.PAGES}


def _upload_app() -> None:
    """The library page's upload step on its own: save one checked case file."""
    from dilemmakaart.ui import library_page
    from dilemmakaart.ui.bootstrap import Ctx, shared_library

    library = shared_library()
    ctx = Ctx(lang="nl", code=library.code, library=library)
    case = library.load("drones-dijkinspectie").copy_as_new("drones-geupload", "Drones, geüpload")
    library_page._save_upload(ctx, "token-1", case)
    library_page._flash()


@pytest.mark.parametrize(("role", "saved"), [("lezer", False), ("schrijver", True)])
def test_an_upload_needs_schrijver_and_is_recorded(role, saved, example_library, monkeypatch):
    monkeypatch.setenv("DILEMMAKAART_CASES", str(example_library))
    at = AppTest.from_function(_upload_app, default_timeout=TIMEOUT)
    at.secrets["auth"] = AUTH
    at.user = person(role)
    at.run()
    assert not at.exception, at.exception
    assert (example_library / "drones-geupload.yaml").is_file() is saved
    entries = [(e.who, e.action, e.case_id, e.detail) for e in trail(example_library)]
    if saved:
        assert entries == [("anna@gemeente.nl", audit.UPLOAD, "drones-geupload", "")]
    else:
        assert entries == [("anna@gemeente.nl", audit.REFUSED, "drones-geupload", "upload: schrijver")]
        assert "Casussen uploaden mag alleen met de rol schrijver" in texts(at)


def test_without_sign_in_a_duplicate_is_recorded_as_local(example_library, monkeypatch):
    at = open_page(pages.LIBRARY, example_library, monkeypatch)
    at.multiselect(key="lib:chosen").select(CASE).run()
    at.button(key="lib:duplicate").click().run()
    assert not at.exception, at.exception
    [entry] = trail(example_library)
    assert (entry.who, entry.action, entry.detail) == ("local", audit.SAVE, f"duplicate of {CASE}")
    assert (example_library / f"{entry.case_id}.yaml").is_file() and entry.revision == 1


def test_a_begeleider_starts_a_session_and_saves_its_result_both_recorded(example_library, monkeypatch):
    from dilemmakaart.session import SessionStore

    at = signed_in_app(example_library, monkeypatch, person("begeleider", email="ben@gemeente.nl"), pages.SESSION)
    at.selectbox(key="sess:case").set_value(CASE)
    at.button[0].click().run()  # the start form's button
    assert not at.exception, at.exception
    store = SessionStore(example_library)
    info = store.load(at.query_params["session"])
    for weight in (3, 8):
        _, person_in = store.join(info.join_code)
        store.submit(info.id, person_in.token, 1, {"weights": {"privacy": weight}, "effects": {}, "balances": {}})
    at.run()
    at.button(key="sess:reveal").click().run()
    for key in ("sess:adopt-medians", "teach:confirm-weighing"):
        if any(box.key == key for box in at.checkbox):
            at.checkbox(key=key).check().run()
    at.button(key="sess:adopt").click().run()
    assert not at.exception, at.exception
    saved = CaseLibrary(example_library).load(CASE)
    assert [(e.who, e.action, e.case_id, e.revision) for e in trail(example_library)] == [
        ("ben@gemeente.nl", audit.START_SESSION, CASE, None),
        ("ben@gemeente.nl", audit.ADOPT, CASE, saved.revision),
    ]
    assert all(info.id in e.detail for e in trail(example_library))


def test_no_draft_is_written_once_the_role_to_edit_is_gone(example_library, monkeypatch):
    at = signed_in_app(example_library, monkeypatch, person("schrijver"), pages.DESCRIBE, {"case": CASE})
    at.text_input(key="describe:title").input("Eerste versie van de titel").run()
    drafts = example_library / ".drafts"

    def written() -> str:
        return "".join(path.read_text(encoding="utf-8") for path in sorted(drafts.glob("*.yaml")))

    assert "Eerste versie van de titel" in written()  # the schrijver's change is kept as a draft
    at.user = person("lezer")
    at.text_input(key="describe:title").input("Tweede versie van de titel").run()
    assert not at.exception, at.exception
    assert "Tweede versie van de titel" not in written()


def test_an_incomplete_sign_in_setting_is_named(example_library, monkeypatch):
    monkeypatch.setenv("DILEMMAKAART_CASES", str(example_library))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.secrets["auth"] = {k: v for k, v in AUTH.items() if k not in ("cookie_secret", "client_secret")}
    at.user = {"is_logged_in": False}
    at.run()
    assert not at.exception, at.exception
    assert "in `[auth]` van `.streamlit/secrets.toml` ontbreekt cookie_secret, client_secret" in texts(at)
    assert not any(b.key.startswith("auth:login") for b in at.button)
