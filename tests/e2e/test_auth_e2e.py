"""Sign-in, roles and safe serving, end to end: a real OpenID Connect provider on loopback
(``oidc-provider-mock``, in a thread), a real Streamlit server with ``[auth]`` in its secrets, and
the real browser redirect in headless Chromium (Streamlit's ``st.login``).

Also: the server listens on 127.0.0.1 by default (``.streamlit/config.toml``), refuses to serve
0.0.0.0 without sign-in, and with ``DILEMMAKAART_OPEN_NETWORK_WITHOUT_SIGN_IN=1`` warns on every page.
"""

from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dilemmakaart import audit
from dilemmakaart.session import SessionStore
from tests.e2e.conftest import (
    Server,
    free_port,
    new_page,
    no_exception,
    screenshot,
    wait_healthy,
    wait_ready,
)
from tests.e2e.signin import copy_library, launch, run_provider, sign_in, write_secrets

CASE = "drones-dijkinspectie"


@pytest.fixture(scope="module")
def provider():
    with run_provider() as url:
        yield url


@pytest.fixture(scope="module")
def servers(tmp_path_factory, chromium_path, provider):
    """Four servers started side by side: with sign-in, on the default address; on 0.0.0.0
    without sign-in; on 127.0.0.1 without sign-in; on 0.0.0.0 open on purpose."""
    base = tmp_path_factory.mktemp("auth")
    signed_port = free_port()
    secrets = write_secrets(base / "secrets.toml", signed_port, provider)
    setups = {
        # no address given: .streamlit/config.toml's default (test_the_default_address_is_loopback_only)
        "signed": {"address": None, "port": signed_port, "secrets": secrets},
        "refused": {"address": "0.0.0.0"},
        "local": {"address": "127.0.0.1"},
        "open": {"address": "0.0.0.0", "env": {"DILEMMAKAART_OPEN_NETWORK_WITHOUT_SIGN_IN": "1"}},
    }
    started: dict[str, Server] = {}
    for name, kwargs in setups.items():
        folder = base / name
        folder.mkdir()
        started[name] = launch(copy_library(folder), folder / "server.log", **kwargs)
    try:
        for srv in started.values():
            wait_healthy(srv)
        yield started
    finally:
        for srv in started.values():  # all asked to stop first, then waited for: they stop side by side
            srv.process.terminate()
        for srv in started.values():
            try:
                srv.process.wait(timeout=3)
            except subprocess.TimeoutExpired:  # a server holding a closed browser's socket: no need to wait
                srv.process.kill()
                srv.process.wait()


def sidebar_links(page) -> list[str]:
    return page.locator("[data-testid='stSidebar'] [data-testid='stPageLink'] a").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname)"
    )


def test_a_lezer_signs_in_sees_reading_pages_and_is_refused_editing(browser, servers):
    server = servers["signed"]
    page = sign_in(browser, server, "lea")
    expect(page.get_by_text("Aangemeld als Lea Lezer (lezer)")).to_be_visible()
    expect(page.get_by_test_id("stSidebar").get_by_role("link", name="Waarden van de code")).to_be_visible()
    assert sorted(sidebar_links(page)) == sorted(
        ["/", "/bibliotheek", "/vergelijken", "/inzichten", "/meedoen", "/code"]
    )
    page.goto(server.page_url("beschrijven", case=CASE))
    expect(page.get_by_text("Een casus bewerken mag alleen met de rol schrijver")).to_be_visible()
    expect(page.get_by_label("Titel")).to_have_count(0)
    screenshot(page, "auth-lezer-refused")
    no_exception(page)
    page.get_by_role("button", name="Afmelden").click()  # signing out also ends the provider's session
    page.get_by_role("button", name="End session").click()  # the provider's own page, then back to the app
    expect(page.get_by_role("heading", name="Aanmelden bij Dilemmakaart")).to_be_visible()
    page.goto(server.page_url("bibliotheek"))
    expect(page.get_by_role("heading", name="Aanmelden bij Dilemmakaart")).to_be_visible()
    page.context.close()
    refused = [e for e in audit.open_trail(server.library).entries() if e.action == audit.REFUSED]
    assert ("lea@gemeente.nl", "page /beschrijven: schrijver") in [(e.who, e.detail) for e in refused]


def trash(server: Server, case_id: str) -> None:
    """Put a case in the trash as the library does (``.trash/<id>--<when>.yaml``)."""
    server.library.joinpath(".trash").mkdir(exist_ok=True)
    (server.library / f"{case_id}.yaml").rename(server.library / ".trash" / f"{case_id}--20260101T120000000000.yaml")


def test_a_schrijver_is_refused_a_restore_in_words_naming_beheerder(browser, servers):
    server = servers["signed"]
    trash(server, "chatbot-vragen-burgers")
    page = sign_in(browser, server, "sam")
    page.goto(server.page_url("bibliotheek"))
    wait_ready(page)
    page.get_by_role("tab", name="Prullenbak").click()
    page.get_by_role("button", name="Terughalen").click()
    expect(page.get_by_text("Een casus terugzetten uit de prullenbak mag alleen met de rol beheerder")).to_be_visible()
    screenshot(page, "auth-schrijver-restore-refused")
    assert not (server.library / "chatbot-vragen-burgers.yaml").exists()
    no_exception(page)
    page.context.close()


def test_a_beheerder_restores_and_reads_the_trail_as_csv(browser, servers):
    server = servers["signed"]
    trash(server, CASE)
    page = sign_in(browser, server, "bea")
    expect(page.get_by_test_id("stSidebar").get_by_role("link", name="Audit")).to_be_visible()
    page.goto(server.page_url("bibliotheek"))
    wait_ready(page)
    page.get_by_role("tab", name="Prullenbak").click()
    page.get_by_role("button", name="Terughalen").first.click()
    expect(page.get_by_text("is teruggehaald uit de prullenbak").first).to_be_visible()
    page.goto(server.page_url("audit"))
    expect(page.get_by_role("heading", name="Auditlogboek")).to_be_visible()
    wait_ready(page)
    screenshot(page, "auth-audit-page")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download als CSV").click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    assert rows[0] == list(audit.CSV_COLUMNS)
    who_did = [row[1:4] for row in rows[1:]]
    restored = [row for row in who_did if row[0] == "bea@gemeente.nl" and row[1] == "restore"]
    assert len(restored) == 1 and restored[0][2] in (CASE, "chatbot-vragen-burgers")
    no_exception(page)
    page.context.close()


def test_a_participant_needs_no_account_and_reaches_only_the_participant_page(browser, servers):
    server = servers["signed"]
    info, _key = SessionStore(server.library).create("slimme-camera-stationsgebied")
    page = new_page(browser, 390, 844)
    page.goto(server.page_url("meedoen", code=info.join_code))
    wait_ready(page)
    expect(page.get_by_role("heading", name="Aanmelden bij Dilemmakaart")).to_have_count(0)
    expect(page.get_by_role("button", name="Aanmelden")).to_have_count(0)
    expect(page.get_by_role("textbox").first).to_be_visible()
    assert sidebar_links(page) == []
    screenshot(page, "auth-participant")
    no_exception(page)
    page.goto(server.page_url("bibliotheek"))
    expect(page.get_by_role("heading", name="Aanmelden bij Dilemmakaart")).to_be_visible()
    expect(page.get_by_role("button", name="Download CSV")).to_have_count(0)
    page.context.close()


def _listening_addresses(port: int) -> set[str]:
    """The local addresses a TCP socket on ``port`` listens on (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table, encoding="ascii") as handle:
            for line in handle.readlines()[1:]:
                local, state = line.split()[1], line.split()[3]
                address, port_hex = local.split(":")
                if int(port_hex, 16) == port and state == "0A":  # LISTEN
                    found.add(address)
    return found


def test_the_default_address_is_loopback_only(servers):
    port = int(servers["signed"].url.rsplit(":", 1)[1])
    assert _listening_addresses(port) == {"0100007F"}  # 127.0.0.1, and nothing else
    refused_port = int(servers["refused"].url.rsplit(":", 1)[1])
    assert "00000000" in _listening_addresses(refused_port) or any(
        set(a) == {"0"} for a in _listening_addresses(refused_port)
    )


def test_every_address_without_sign_in_refuses_to_serve(browser, servers):
    page = new_page(browser)
    for path in ("", "bibliotheek", "meedoen"):
        page.goto(servers["refused"].page_url(path))
        expect(page.get_by_role("heading", name="Dilemmakaart start niet open op het netwerk")).to_be_visible()
        expect(page.get_by_text("DILEMMAKAART_OPEN_NETWORK_WITHOUT_SIGN_IN=1")).to_be_visible()
    expect(page.locator("[data-testid='stMain'] [data-testid='stPageLink']")).to_have_count(0)
    screenshot(page, "auth-refused-network")
    page.context.close()


def test_open_on_purpose_warns_on_every_page(browser, servers):
    page = new_page(browser)
    for path in ("", "bibliotheek", "meedoen"):
        page.goto(servers["open"].page_url(path))
        expect(page.get_by_text("deze app staat open op het netwerk, zonder aanmelding")).to_be_visible()
    screenshot(page, "auth-open-network")
    no_exception(page)
    page.context.close()


def test_a_loopback_server_reached_through_a_proxy_refuses(browser, servers):
    """Without sign-in on 127.0.0.1, a request that came through a reverse proxy (it says for whom)
    is from the network: refused, while the same page straight from this computer works."""
    context = browser.new_context(locale="nl-NL", extra_http_headers={"X-Forwarded-For": "203.0.113.7"})
    page = context.new_page()
    page.goto(servers["local"].page_url("bibliotheek"))
    expect(page.get_by_role("heading", name="Dilemmakaart start niet open op het netwerk")).to_be_visible()
    expect(page.get_by_text("via een proxy of onder een andere naam")).to_be_visible()
    context.close()
    page = new_page(browser)
    page.goto(servers["local"].page_url("bibliotheek"))
    expect(page.get_by_role("heading", name="Alle casussen")).to_be_visible()
    no_exception(page)
    page.context.close()
