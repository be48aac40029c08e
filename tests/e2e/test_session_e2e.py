"""A whole group session in a real browser: one facilitator, five participants on phone-sized
screens, each in their own browser context; two rounds, two reveals, the result saved in the case.
Screenshots: the participant's phone view and the projector view (artifacts/screenshots/)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from dilemmakaart.session import SessionStore
from dilemmakaart.store import CaseLibrary
from tests.e2e import conftest
from tests.e2e.conftest import no_exception, open_panel, screenshot, wait_charts, wait_ready

PHONE = {"width": 390, "height": 844}
PEOPLE = 5
IN_BROWSER = 3  # of them on a phone in the browser; the other two answer through the store (each phone
# in the browser reruns its follow fragment every second: five of them slowed every run on two cores)
STEPS = ([-4, -3, 4, 5, 5], [3, 3, -2, -3, -3])  # round 1 from 5: 1, 2, 9, 10, 10 (two camps); round 2: 4, 5, 7, 7, 7


def query(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def send_answer(person, steps: int) -> None:
    conftest.send_answer(person, steps, timeout=90_000)  # six sessions' runs on two busy cores


@pytest.mark.xdist_group("session-two-rounds")  # the longest browser test: on a worker of its own choosing
def test_two_rounds_with_five_participants(server, browser):
    facilitator_ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nl-NL")
    fac = facilitator_ctx.new_page()
    fac.set_default_timeout(45_000)
    contexts = [
        browser.new_context(viewport=PHONE, locale="nl-NL", is_mobile=True, has_touch=True) for _ in range(IN_BROWSER)
    ]
    people = [c.new_page() for c in contexts]
    for p in people:
        p.set_default_timeout(45_000)
    try:
        # the facilitator starts a session on the first case of the library
        fac.goto(server.page_url("sessie"))
        wait_ready(fac)
        fac.get_by_role("button", name="Sessie starten").click()
        fac.wait_for_url(re.compile(r"session="))
        wait_ready(fac)
        q = query(fac)
        assert "key" not in q  # the key is kept in the window, out of the address bar
        open_panel(fac, "Je leiderslink", fac.get_by_role("button", name="Toon mijn leiderslink"))
        fac.get_by_role("button", name="Toon mijn leiderslink").click()
        leader = fac.get_by_text(re.compile(r"[?&]key=")).first.inner_text()
        key = parse_qs(urlsplit(leader).query)["key"][0]
        q["key"] = key
        store = SessionStore(server.library)
        info = store.check_key(q["session"], key)
        expect(fac.get_by_text(info.join_code[:4] + "-" + info.join_code[4:], exact=True)).to_be_visible()

        # five participants join: three by the link, each from their own phone, two through the store
        first_value = CaseLibrary(server.library).load(info.case_id).values[0].value
        by_store = [store.join(info.join_code, name=f"Deelnemer-e2e {i}")[1].token for i in range(IN_BROWSER, PEOPLE)]
        for token, steps in zip(by_store, STEPS[0][IN_BROWSER:], strict=True):
            store.submit(info.id, token, 1, {"weights": {first_value: 5 + steps}, "effects": {}, "balances": {}})
        for i, person in enumerate(people):
            person.goto(server.page_url("meedoen", code=info.join_code))
            wait_ready(person)
            person.get_by_role("textbox", name=re.compile("Je naam")).fill(f"Deelnemer-e2e {i}")
            person.get_by_role("button", name="Meedoen").click()
            person.wait_for_url(re.compile(r"[?&]p="))
            wait_ready(person)
            assert "key=" not in person.url and q["key"] not in person.content()
            send_answer(person, steps=STEPS[0][i])
            no_exception(person)
        assert store.answered(info.id, 1) == PEOPLE

        # a reload keeps the answer
        people[0].reload()
        wait_ready(people[0])
        assert people[0].get_by_test_id("stSliderThumbValue").first.inner_text().strip() == "1"
        expect(people[0].get_by_role("button", name="Antwoord bijwerken")).to_be_visible()
        screenshot(people[0], "session-participant-phone")

        # the facilitator's count refreshes by itself; nobody's answer is visible yet
        fac.get_by_text(f"{PEOPLE} van {PEOPLE} deelnemers hebben geantwoord in ronde 1").wait_for()
        assert "Deelnemer-e2e" not in fac.content()
        fac.get_by_role("button", name="Sluiten en resultaten tonen").click()
        fac.get_by_role("button", name="Ja, resultaten tonen").click()  # revealing asks first
        fac.get_by_text("Waar we verschillen").wait_for()
        wait_ready(fac)
        expect(fac.get_by_text("twee kampen").first).to_be_visible()
        no_exception(fac)

        # the projector view: large, read-only
        href = fac.get_by_role("link", name=re.compile("Projectorweergave")).get_attribute("href") or ""
        assert "screen=" in href and key not in href
        contexts.append(browser.new_context(viewport={"width": 1920, "height": 1080}, locale="nl-NL"))
        projector = contexts[-1].new_page()
        projector.set_default_timeout(45_000)
        projector.goto(server.url + href if href.startswith("/") else href)
        wait_ready(projector)
        assert key not in projector.url and key not in projector.content()  # the room's screen has no key
        assert projector.get_by_role("link", name=re.compile("Terug naar het leiden")).count() == 0
        projector.get_by_text("Waar we het over eens zijn").wait_for()
        wait_charts(projector)
        no_exception(projector)
        assert projector.get_by_role("button", name="Start ronde 2").count() == 0
        screenshot(projector, "session-projector-round1")

        # participants' waiting screens change by themselves to the results
        # (their refresh runs queue behind six sessions' runs on two busy cores: a wider margin here)
        for person in people:
            person.get_by_text("De resultaten van ronde 1 zijn zichtbaar").wait_for(timeout=90_000)
        wait_charts(people[1])
        screenshot(people[1], "session-participant-phone-results")

        # round 2: everyone adjusts towards the middle
        fac.get_by_role("button", name="Start ronde 2").click()
        wait_ready(fac)
        for i, person in enumerate(people):
            person.get_by_text("Ronde 2 is open").wait_for()
            wait_ready(person)
            expect(person.get_by_text("Je antwoord uit de vorige ronde staat al ingevuld")).to_be_visible()
            send_answer(person, steps=STEPS[1][i])
        for token, (one, two) in zip(by_store, zip(STEPS[0][IN_BROWSER:], STEPS[1][IN_BROWSER:]), strict=True):
            store.submit(info.id, token, 2, {"weights": {first_value: 5 + one + two}, "effects": {}, "balances": {}})
        assert store.answered(info.id, 2) == PEOPLE
        fac.get_by_text(f"{PEOPLE} van {PEOPLE} deelnemers hebben geantwoord in ronde 2").wait_for()
        fac.get_by_role("button", name="Sluiten en resultaten tonen").click()
        fac.get_by_role("button", name="Ja, resultaten tonen").click()
        wait_ready(fac)
        fac.get_by_role("tab", name="Beweging").click()
        fac.get_by_text("Hoe de mediaan van de groep veranderde").first.wait_for()
        wait_charts(fac)
        no_exception(fac)
        screenshot(fac, "session-facilitator-round2-movement")
        fac.get_by_role("radio", name="Beweging", exact=True).click()  # the facilitator puts movement up
        projector.get_by_text("Hoe de mediaan van de groep veranderde").wait_for()  # the projector follows
        projector.locator("[data-testid='stVegaLiteChart'] svg").first.wait_for()
        wait_charts(projector)
        screenshot(projector, "session-projector-round2-movement")
        assert key not in projector.content()
        for person in people:  # no page a participant sees holds the key
            assert key not in person.url and key not in person.content()

        # save the outcome in the case, with the group's medians
        fac.get_by_text("Medianen van de groep overnemen in de casus").click()
        fac.get_by_text("Ja, gebruik de medianen als de afweging van de casus").click()  # what changes, confirmed
        fac.get_by_role("button", name="Opslaan in de casus").click()
        fac.get_by_text("Opgeslagen in de casus").wait_for()
        case = CaseLibrary(server.library).load(info.case_id)
        rounds = [s for s in case.sessions if s.id == info.id]
        assert case.values[0].value == first_value
        # every round counted; round 1 and the last round kept one by one (labels are all different)
        assert [(s.round, s.summary.participants, len(s.responses)) for s in rounds] == [
            (1, PEOPLE, PEOPLE),
            (2, PEOPLE, PEOPLE),
        ]
        assert rounds[0].summary.weights[first_value] == "1:1 2:1 9:1 10:2"
        assert sorted(r.weights[first_value] for r in rounds[1].responses) == [4, 5, 7, 7, 7]
        assert rounds[1].summary.movers[f"weight:{first_value}"] == PEOPLE  # matched by token: all five moved
        assert case.values[0].weight == 7
    finally:
        for c in contexts:
            c.close()
        facilitator_ctx.close()


def test_a_stale_facilitator_tab_and_a_round_race_are_refused(tmp_path, browser):
    """Tab B still shows "Ronde 1 · open" after tab A revealed and started round 2: B's "Sluiten en
    resultaten tonen" changes nothing and B is shown the state now. A phone that set a weight in
    round 1 and presses Send after round 2 began is told its answer did not count, and nothing is
    stored in either round. After the end, the join link says nobody can join. (A server whose pages
    do not refresh by themselves, so a page stays stale for as long as the test needs.)"""
    import shutil

    from tests.e2e.conftest import ROOT, start_server, stop_server

    library = tmp_path / "cases"
    shutil.copytree(ROOT / "cases", library, ignore=shutil.ignore_patterns(".*"))
    slow = {"DILEMMAKAART_REFRESH": "3600", "DILEMMAKAART_PARTICIPANT_REFRESH": "3600"}
    srv = start_server(library, tmp_path / "server.log", slow)
    store = SessionStore(library)
    info, key = store.create("drones-dijkinspectie")
    for w in (2, 3, 8, 9):
        token = store.join(info.join_code)[1].token
        store.submit(info.id, token, 1, {"weights": {"privacy": w}, "effects": {}, "balances": {}})
    tabs = [browser.new_context(viewport={"width": 1366, "height": 768}, locale="nl-NL") for _ in range(2)]
    tabs += [browser.new_context(viewport=PHONE, locale="nl-NL", is_mobile=True, has_touch=True) for _ in range(2)]
    late = store.join(info.join_code, name="Laat")[1]
    try:
        a, b, phone, stranger = (c.new_page() for c in tabs)
        phone.set_default_timeout(45_000)
        phone.goto(srv.page_url("meedoen", code=info.join_code, p=late.token))
        wait_ready(phone)
        thumb = phone.get_by_role("slider").first
        thumb.focus()
        for _ in range(5):
            thumb.press("ArrowRight")  # 5 → 10, not sent yet
        expect(phone.get_by_test_id("stSliderThumbValue").first).to_have_text("10")
        for tab in (a, b):
            tab.set_default_timeout(45_000)
            tab.goto(srv.page_url("sessie", session=info.id, key=key))
            wait_ready(tab)
            expect(tab.get_by_text("Ronde 1 · Stand: open")).to_be_visible()
            assert key not in tab.url  # taken out of the address bar
        # each press waits for the run of the one before it to end (a click that lands while the
        # page is being drawn can be lost, as on a loaded CI machine)
        for name in ("Sluiten en resultaten tonen", "Ja, resultaten tonen", "Start ronde 2"):
            a.get_by_role("button", name=name).click()
            wait_ready(a)
        expect(a.get_by_text("Ronde 2 · Stand: open")).to_be_visible()
        expect(b.get_by_text("Ronde 1 · Stand: open")).to_be_visible()  # B missed it
        b.get_by_role("button", name="Sluiten en resultaten tonen").click()
        wait_ready(b)
        b.get_by_role("button", name="Ja, resultaten tonen").click()
        expect(b.get_by_text("Er is niets veranderd")).to_be_visible()
        expect(b.get_by_text("Ronde 2 · Stand: open")).to_be_visible()  # the fresh state
        screenshot(b, "session-stale-tab-refused")
        assert store.load(info.id).moment == (2, "open")  # round 2 was not revealed empty
        no_exception(b)

        # the phone still shows round 1 and sends its 10: refused in words, stored nowhere
        phone.get_by_role("button", name="Antwoord versturen").click()
        expect(phone.get_by_text("Ronde 1 is gesloten; je antwoord is niet meegeteld")).to_be_visible()
        assert store.answer(info.id, late.token, 1) is None and store.answer(info.id, late.token, 2) is None
        assert phone.get_by_text("Je antwoord is opgeslagen").count() == 0
        screenshot(phone, "session-round-race-refused")

        # the end: a stale photo of the QR code lets nobody in
        a.get_by_role("button", name="Sessie beëindigen").click()
        a.get_by_role("button", name="Sessie beëindigen").last.click()
        expect(a.get_by_text("Deze sessie is afgelopen")).to_be_visible()
        stranger.goto(srv.page_url("meedoen", code=info.join_code))
        wait_ready(stranger)
        expect(stranger.get_by_text("Meedoen kan niet meer")).to_be_visible()
        assert stranger.get_by_role("button", name="Meedoen").count() == 0
        assert key not in stranger.content() and key not in phone.content()
    finally:
        for c in tabs:
            c.close()
        stop_server(srv)


ROLES = ["bewoner", "bewoner", "bewoner", "handhaver", "handhaver", "bestuurder"]


def test_the_facilitator_controls_the_room(server, browser):
    """One facilitator (1366×768), one projector (1920×1080) and six people (two of them on phones,
    each a context of one browser): a reload keeps the facilitator in control without the key; the projector follows the
    facilitator's choice of screen within a second and never holds the key; revealing asks first;
    a ghost is removed and its answers leave the results; a role of fewer than three people is not
    shown on its own; arguments are shown without names and one can be hidden."""
    import time

    fac_ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="nl-NL")
    room_ctx = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="nl-NL")
    phones = [browser.new_context(viewport=PHONE, locale="nl-NL", is_mobile=True, has_touch=True) for _ in ROLES]
    try:
        fac = fac_ctx.new_page()
        fac.set_default_timeout(45_000)
        store = SessionStore(server.library)
        info, key = store.create("drones-dijkinspectie", roles=True)
        session_id = info.id
        fac.goto(server.page_url("sessie", session=session_id, key=key))  # the facilitator link, once
        wait_ready(fac)
        expect(fac.get_by_role("button", name="Sluiten en resultaten tonen")).to_be_visible(timeout=45_000)
        assert "key" not in query(fac)  # out of the address bar at once
        fac.wait_for_function("() => document.cookie.includes('dk_desk=')")  # this browser's desk (not the key)
        assert key not in str(fac_ctx.cookies())
        # a reload: a new browser session, no key in the address; the browser's desk brings control back
        fac.reload()
        wait_ready(fac)
        expect(fac.get_by_role("button", name="Sluiten en resultaten tonen")).to_be_visible(timeout=45_000)
        assert "sleutel klopt niet" not in fac.content() and "key" not in query(fac)

        # the projector, by its own read-only link: the join screen with the QR code
        href = fac.get_by_role("link", name=re.compile("Projectorweergave")).get_attribute("href") or ""
        room = room_ctx.new_page()
        room.set_default_timeout(45_000)
        room.goto(server.url + href)
        wait_ready(room)
        expect(room.get_by_role("img", name="QR-code met de link om mee te doen")).to_be_visible()

        # six phones join; each answers (one with an argument per side of the split)
        people = []
        for i, role in enumerate(ROLES):
            p = store.join(info.join_code, name=f"Telefoon {i}", role=role)[1]
            people.append(p)
            balance = -80 if i < 3 else 80
            reason = {0: "Veiligheid van de dijk gaat voor", 4: "Niemand wil gefilmd worden"}.get(i, "")
            store.submit(
                session_id,
                p.token,
                1,
                {
                    "weights": {"privacy": [2, 3, 2, 9, 9, 10][i]},
                    "effects": {"privacy": -2},
                    "balances": {"veiligheid|privacy": balance},
                    "reasons": {"veiligheid|privacy": reason} if reason else {},
                },
            )
        pages_ = [c.new_page() for c in phones[:2]]  # two phones in the browser (the rest answer by the store)
        for page, p in zip(pages_, people):
            page.goto(server.page_url("meedoen", code=info.join_code, p=p.token))
        for page in pages_:
            wait_ready(page)
        fac.get_by_text("6 van 6 deelnemers hebben geantwoord in ronde 1").wait_for()

        # the facilitator picks the map: the projector follows (nothing to show before the reveal)
        started = time.monotonic()
        fac.get_by_role("radio", name="Groepskaart", exact=True).click()
        expect(room.get_by_text("De resultaten komen hier zodra de begeleider ze laat zien.")).to_be_visible()
        followed = time.monotonic() - started
        assert store.load(session_id).screen == "map"

        # remove a ghost: the sixth phone; its answer leaves the results
        open_panel(fac, "Deelnemers (6)", fac.get_by_role("button", name="Telefoon 5 verwijderen"))
        fac.get_by_role("button", name="Telefoon 5 verwijderen").click()  # each button says whom
        expect(fac.get_by_text("Telefoon 5 uit de sessie halen?")).to_be_visible()  # asked in the page
        screenshot(fac, "session-remove-asks-first")
        fac.get_by_role("button", name="Ja, verwijderen").click()
        fac.get_by_text("5 van 5 deelnemers hebben geantwoord in ronde 1").wait_for()
        assert store.answered(session_id, 1) == 5 and len(store.participants(session_id)) == 5

        # revealing asks first
        fac.get_by_role("button", name="Sluiten en resultaten tonen").click()
        expect(fac.get_by_text("Weet je het zeker?")).to_be_visible()
        assert store.load(session_id).state == "open"
        fac.get_by_role("button", name="Ja, resultaten tonen").click()
        fac.get_by_text("Resultaten ronde 1").wait_for()
        assert store.load(session_id).state == "revealed"
        expect(room.get_by_text("Elke stip is een waarde")).to_be_visible()  # the projector follows: the map
        room.locator("[data-testid='stVegaLiteChart'] svg").first.wait_for()  # drawn (not the placeholder)
        wait_charts(room)
        no_exception(room)
        screenshot(room, "session-projector-map-1920")
        sizes = room.evaluate(
            "() => { const m = document.querySelector('[data-testid=stMain]'); return [m.scrollHeight, m.clientHeight]; }"
        )
        assert sizes[0] <= sizes[1] + 2, sizes  # fits 1920×1080 without scrolling

        # roles: bewoner has three people and is shown; handhaver (2, after the removal 1) is not on its own
        fac.get_by_role("tab", name="Rollen").click()
        expect(
            fac.get_by_text(re.compile("staan niet in dit overzicht|staan samen onder 'Overig'")).first
        ).to_be_visible()
        screenshot(fac, "session-facilitator-revealed-1366")

        # arguments: anonymous, by side; the facilitator hides one and the projector drops it
        fac.get_by_role("radio", name="Argumenten", exact=True).click()
        expect(room.get_by_text("Veiligheid van de dijk gaat voor")).to_be_visible()
        expect(room.get_by_text("Niemand wil gefilmd worden")).to_be_visible()
        assert "Telefoon" not in room.content()  # no names on the room's screen
        screenshot(room, "session-projector-arguments")
        hide = fac.get_by_role("button", name=re.compile(r"^Argument \d verbergen$"))
        expect(hide).to_have_count(2)
        hide.first.click()
        expect(room.get_by_text("“", exact=False)).to_have_count(1)

        # the key is on no page the room or a participant sees
        for page in [room, *pages_]:
            assert key not in page.url and key not in page.content()
        no_exception(fac)
        assert followed < 10, followed
    finally:
        for c in phones:
            c.close()
        room_ctx.close()
        fac_ctx.close()
