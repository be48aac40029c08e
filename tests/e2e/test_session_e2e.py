"""A whole group session in a real browser: one facilitator, five participants on phone-sized
screens, each in their own browser context; two rounds, two reveals, the result saved in the case.
Screenshots: the participant's phone view and the projector view (artifacts/screenshots/)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from dilemmakaart.session import SessionStore
from dilemmakaart.store import CaseLibrary
from tests.e2e.conftest import no_exception, screenshot, wait_ready

PHONE = {"width": 390, "height": 844}
PEOPLE = 5


def query(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def send_answer(person, steps: int) -> None:
    """Move the first weight slider ``steps`` to the right (from its current value) and send."""
    thumb = person.get_by_role("slider").first
    thumb.focus()
    key = "ArrowRight" if steps >= 0 else "ArrowLeft"
    for _ in range(abs(steps)):
        thumb.press(key)
    person.get_by_role("button", name=re.compile("Antwoord (versturen|bijwerken)")).click()
    person.get_by_text("Je antwoord is opgeslagen").wait_for()


def test_two_rounds_with_five_participants(server, browser):
    facilitator_ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nl-NL")
    fac = facilitator_ctx.new_page()
    fac.set_default_timeout(45_000)
    contexts = [
        browser.new_context(viewport=PHONE, locale="nl-NL", is_mobile=True, has_touch=True) for _ in range(PEOPLE)
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
        store = SessionStore(server.library)
        info = store.check_key(q["session"], q["key"])
        assert fac.get_by_text(info.join_code[:4] + "-" + info.join_code[4:]).is_visible()

        # five participants join by the link, each from their own phone
        for i, person in enumerate(people):
            person.goto(server.page_url("meedoen", code=info.join_code))
            wait_ready(person)
            person.get_by_role("textbox", name=re.compile("Je naam")).fill(f"Deelnemer-e2e {i}")
            person.get_by_role("button", name="Meedoen").click()
            person.wait_for_url(re.compile(r"[?&]p="))
            wait_ready(person)
            assert "key=" not in person.url and q["key"] not in person.content()
            send_answer(person, steps=[-4, -3, 4, 5, 5][i])  # from 5: 1, 2, 9, 10, 10 → two camps
            no_exception(person)
        assert store.answered(info.id, 1) == PEOPLE

        # a reload keeps the answer
        people[0].reload()
        wait_ready(people[0])
        assert people[0].get_by_test_id("stSliderThumbValue").first.inner_text().strip() == "1"
        assert people[0].get_by_role("button", name="Antwoord bijwerken").is_visible()
        screenshot(people[0], "session-participant-phone")

        # the facilitator's count refreshes by itself; nobody's answer is visible yet
        fac.get_by_text(f"{PEOPLE} van {PEOPLE} deelnemers hebben geantwoord in ronde 1").wait_for()
        assert "Deelnemer-e2e" not in fac.content()
        fac.get_by_role("button", name="Sluiten en resultaten tonen").click()
        fac.get_by_text("Waar we verschillen").wait_for()
        wait_ready(fac)
        assert fac.get_by_text("twee kampen").first.is_visible()
        no_exception(fac)

        # the projector view: large, read-only
        projector = facilitator_ctx.new_page()
        projector.set_default_timeout(45_000)
        projector.goto(server.page_url("sessie", session=info.id, key=q["key"], view="projector"))
        wait_ready(projector)
        projector.get_by_text("Waar we het over eens zijn").wait_for()
        projector.wait_for_timeout(1500)  # charts drawn
        no_exception(projector)
        assert projector.get_by_role("button", name="Start ronde 2").count() == 0
        screenshot(projector, "session-projector-round1")

        # participants' waiting screens change by themselves to the results
        for person in people:
            person.get_by_text("De resultaten van ronde 1 zijn zichtbaar").wait_for()
        people[1].wait_for_timeout(1000)
        screenshot(people[1], "session-participant-phone-results")

        # round 2: everyone adjusts towards the middle
        fac.get_by_role("button", name="Start ronde 2").click()
        wait_ready(fac)
        for i, person in enumerate(people):
            person.get_by_text("Ronde 2 is open").wait_for()
            wait_ready(person)
            assert person.get_by_text("Je antwoord uit de vorige ronde staat al ingevuld").is_visible()
            send_answer(person, steps=[3, 3, -2, -3, -3][i])  # 1,2,9,10,10 → 4,5,7,7,7
        assert store.answered(info.id, 2) == PEOPLE
        fac.get_by_text(f"{PEOPLE} van {PEOPLE} deelnemers hebben geantwoord in ronde 2").wait_for()
        fac.get_by_role("button", name="Sluiten en resultaten tonen").click()
        wait_ready(fac)
        fac.get_by_role("tab", name="Beweging").click()
        fac.get_by_text("Hoe de mediaan van de groep veranderde").first.wait_for()
        fac.wait_for_timeout(1000)
        no_exception(fac)
        screenshot(fac, "session-facilitator-round2-movement")
        projector.get_by_role("heading", name="Beweging").wait_for()  # the projector follows by itself
        wait_ready(projector)
        projector.wait_for_timeout(1500)
        screenshot(projector, "session-projector-round2-movement")

        # save the outcome in the case, with the group's medians
        fac.get_by_text("Medianen van de groep overnemen in de casus").click()
        fac.get_by_role("button", name="Opslaan in de casus").click()
        fac.get_by_text("Opgeslagen in de casus").wait_for()
        case = CaseLibrary(server.library).load(info.case_id)
        rounds = [s for s in case.sessions if s.id == info.id]
        assert [(s.round, len(s.responses)) for s in rounds] == [(1, PEOPLE), (2, PEOPLE)]
        first_value = case.values[0].value
        assert sorted(r.weights[first_value] for r in rounds[0].responses) == [1, 2, 9, 10, 10]
        assert sorted(r.weights[first_value] for r in rounds[1].responses) == [4, 5, 7, 7, 7]
        assert case.values[0].weight == 7
    finally:
        for c in contexts:
            c.close()
        facilitator_ctx.close()
