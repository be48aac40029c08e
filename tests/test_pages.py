"""The registry of pages (``dilemmakaart.ui.pages``): the URLs people have bookmarked stay as they
are, every page opens under AppTest through app.py and ``st.navigation``, and a missing page file
fails loudly instead of quietly disappearing from the navigation."""

from __future__ import annotations

import dataclasses

import pytest
from streamlit.testing.v1 import AppTest

from dilemmakaart.i18n import t
from dilemmakaart.ui import pages
from tests.apptest import ROOT, TIMEOUT, open_page

# The addresses the app has always had: links in e-mails, QR codes and bookmarks point at them.
URLS = {
    "pages/00_home.py": "/",
    "pages/01_beschrijven.py": "/beschrijven",
    "pages/02_waarden.py": "/waarden",
    "pages/03_afwegen.py": "/afwegen",
    "pages/04_dilemmakaart.py": "/dilemmakaart",
    "pages/05_acties.py": "/acties",
    "pages/10_bibliotheek.py": "/bibliotheek",
    "pages/11_vergelijken.py": "/vergelijken",
    "pages/12_inzichten.py": "/inzichten",
    "pages/20_sessie.py": "/sessie",
    "pages/21_meedoen.py": "/meedoen",
    "pages/22_papier.py": "/papier",
    "pages/30_code.py": "/code",
    "pages/40_audit.py": "/audit",
}


def test_every_page_keeps_its_address_and_its_file_exists():
    assert {page.file: pages.url(page) for page in pages.PAGES} == URLS
    for page in pages.PAGES:
        assert page.path.is_file(), page.file
    assert sorted(p.name for p in (ROOT / "pages").glob("*.py")) == sorted(
        page.file.removeprefix("pages/") for page in pages.PAGES
    ), "a page script that is not in the registry (or the other way round)"


def test_every_page_has_a_title_and_section_in_both_languages():
    for page in pages.PAGES:
        for lang in ("nl", "en"):
            assert page.title(lang).strip()
            assert t(page.section, lang).strip()


def test_the_steps_of_the_flow_are_the_case_pages_in_order():
    assert [p.url_path for p in pages.STEPS] == ["beschrijven", "waarden", "afwegen", "dilemmakaart", "acties"]
    assert all(p.carries_case for p in pages.STEPS)
    assert not any(p.carries_case for p in pages.PAGES if p not in pages.STEPS)


@pytest.mark.parametrize("page", pages.PAGES, ids=lambda p: p.url_path or "home")
def test_every_page_opens_through_the_navigation(page, example_library, monkeypatch):
    at = open_page(page, example_library, monkeypatch, query={"case": "tellen-bezoekers-binnenstad"})
    assert not at.exception, at.exception
    # the sidebar's navigation: every page's title, in its section
    if page is not pages.JOIN:
        links = [link.proto.label for link in at.sidebar.get("page_link")]
        assert links == [p.title("nl") for p in pages.PAGES]


def test_the_navigation_follows_the_language(example_library, monkeypatch):
    at = open_page(pages.LIBRARY, example_library, monkeypatch, lang="en")
    links = [link.proto.label for link in at.sidebar.get("page_link")]
    assert links == [p.title("en") for p in pages.PAGES]
    captions = [c.value for c in at.sidebar.caption]
    for section, _ in pages.sections():
        assert t(section, "en") in captions


def test_step_links_carry_the_case_in_their_address(example_library, monkeypatch):
    """ "Verder" on step 2 goes to step 3 with ``?case=``: step 3 then has nothing to add to its
    address, so the browser's history gets one entry per page (one Back press per page)."""
    at = open_page(pages.VALUES, example_library, monkeypatch, query={"case": "tellen-bezoekers-binnenstad"})
    links = {link.proto.page: link.proto for link in at.main.get("page_link")}
    following = links["afwegen"]
    assert "case=tellen-bezoekers-binnenstad" in following.query_string
    assert "draft=" not in following.query_string


def test_a_missing_page_file_fails_loudly(library_dir, monkeypatch):
    missing = dataclasses.replace(pages.CODE, file="pages/99_bestaat_niet.py")
    monkeypatch.setattr(pages, "PAGES", (*pages.PAGES[:-1], missing))
    monkeypatch.setenv("DILEMMAKAART_CASES", str(library_dir))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    assert at.exception, "a page whose file is missing must stop the app, not vanish from the menu"
    assert "99_bestaat_niet" in str(at.exception[0].value) + str(at.exception[0].message)
