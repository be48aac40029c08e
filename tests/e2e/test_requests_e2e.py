"""No request to any host but the app's own: a tool about privacy, used offline in a council room,
must not tell a font host (or anyone) which pages were opened. Every page, the three session views
and a report download are opened with every request and web socket recorded."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from dilemmakaart.session import SessionStore
from dilemmakaart.ui import pages
from tests.e2e.conftest import new_page, no_exception, wait_ready

CASE = "tellen-bezoekers-binnenstad"


class Recorder:
    """Every address the browser asks for, from the pages, their frames, workers and sockets."""

    def __init__(self, page):
        self.urls: list[str] = []
        page.context.on("request", lambda request: self.urls.append(request.url))
        page.on("websocket", lambda socket: self.urls.append(socket.url))

    def foreign(self, own: str) -> list[str]:
        host = urlsplit(own).netloc
        return sorted(
            {u for u in self.urls if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).netloc != host}
        )


@pytest.fixture
def recorded(browser):
    page = new_page(browser)
    recorder = Recorder(page)
    yield page, recorder
    page.context.close()


def test_every_page_asks_only_the_app(server, recorded):
    page, recorder = recorded
    for app_page in pages.PAGES:
        page.goto(server.page_url(app_page.url_path, case=CASE))
        wait_ready(page)
        expect(page).to_have_title(f"{app_page.title('nl')} · Dilemmakaart")
        no_exception(page)
        # the favicon is the app's own picture, not an icon font's
        icon = page.locator("link[rel~='icon']").first.get_attribute("href") or ""
        assert "gstatic" not in icon and "googleapis" not in icon, icon
    # and a report, downloaded from the map page
    page.goto(server.page_url(pages.MAP.url_path, case=CASE))
    wait_ready(page)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="PDF", exact=True).click()
    assert info.value.path().read_bytes().startswith(b"%PDF")
    assert len(recorder.urls) > 20, "nothing recorded: the recorder does not work"
    assert not recorder.foreign(server.url), recorder.foreign(server.url)


def test_the_session_views_ask_only_the_app(server, recorded):
    store = SessionStore(server.library)
    info, key = store.create(CASE, roles=True)
    info, person = store.join(info.join_code, name="Deelnemer")
    page, recorder = recorded
    views = {
        "facilitator": server.page_url(pages.SESSION.url_path, session=info.id, key=key),
        "projector": server.page_url(pages.SESSION.url_path, session=info.id, screen=info.projector, view="projector"),
        "participant": server.page_url(pages.JOIN.url_path, code=info.join_code, p=person.token),
    }
    for url in views.values():
        page.goto(url)
        wait_ready(page)
        expect(page.get_by_role("heading").first).to_be_visible()
        no_exception(page)
    assert len(recorder.urls) > 10
    assert not recorder.foreign(server.url), recorder.foreign(server.url)


def test_the_recorder_sees_a_foreign_request(server, recorded):
    """The check above can fail: a page that asks another host is caught."""
    page, recorder = recorded
    page.goto(server.page_url(""))
    wait_ready(page)
    with page.expect_event("requestfailed", predicate=lambda r: "elders.invalid" in r.url):
        page.evaluate("() => { const i = new Image(); i.src = 'http://elders.invalid/pixel.png'; }")
    assert recorder.foreign(server.url) == ["http://elders.invalid/pixel.png"]
