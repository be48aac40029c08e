"""Six phones in one browser (each its own context, 390×844) take part in one session: a rescan of
the QR code continues as the same participant, the participant's browser reaches no other page,
one question per screen, "weet ik niet" is no answer, moves not sent survive a reload, every number
sent arrives unchanged (−100, +100 and random points), a "waarom" is stored and shown without a
name, a removed ghost's answers leave the results and its phone says so, and after the reveal each
phone shows where it stands. The facilitator's actions go through the domain (their page has its
own tests). Screenshots: artifacts/screenshots/participant-*.png."""

from __future__ import annotations

import random
import re
import time
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from dilemmakaart.aggregate import summarise
from dilemmakaart.code import load_code
from dilemmakaart.session import SessionStore
from dilemmakaart.store import CaseLibrary
from tests.e2e.conftest import no_exception, screenshot, wait_charts, wait_ready

PHONE = {"width": 390, "height": 844}
CASE = "drones-dijkinspectie"
NAMES = ["Jan", "Jan", "Bea", "Cor", "Dirk", "Spook"]  # two people called Jan stay two
GHOST = 5
SKIPPER = 1  # "weet ik niet" on the first dilemma


def query(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def slider(phone, name: str):
    return phone.locator(f"input[type='range'][aria-label='{name}']")


def set_slider(phone, name: str, value: int, low: int, high: int, step: int) -> None:
    """Put a slider on ``value`` with the keyboard: to the nearer end, then step by step."""
    thumb = slider(phone, name)
    thumb.focus()
    if value - low <= high - value:
        thumb.press("Home")
        presses, key = (value - low) // step, "ArrowRight"
    else:
        thumb.press("End")
        presses, key = (high - value) // step, "ArrowLeft"
    for _ in range(presses):
        thumb.press(key)
    wait_ready(phone)
    expect(thumb).to_have_attribute("aria-valuetext", str(value))


def test_six_phones_take_part(server, browser):
    store = SessionStore(server.library)
    case = CaseLibrary(server.library).load(CASE)
    info, key = store.create(CASE)
    d0 = case.dilemmas[0]
    pair = d0.key
    code = load_code()
    a, b = code.value_name(d0.a, "nl"), code.value_name(d0.b, "nl")
    first_value = case.values[0].value
    # the facilitator asks three items: the first value's weight and two dilemmas (fewer key presses)
    store.set_ask(
        info.id, key, "chosen", [f"weight:{first_value}", f"balance:{pair}", f"balance:{case.dilemmas[1].key}"]
    )
    first_name = code.value_name(first_value, "nl")
    rng = random.Random(20261201)
    # random points a few key presses from either end (each press is a run of the page)
    near_ends = [v for k in range(4) for v in (-100 + 5 * k, 100 - 5 * k)]
    balances: dict[int, int] = {0: -100, 2: 100, 3: rng.choice(near_ends), 4: rng.choice(near_ends), 5: 85}
    weights = {i: rng.choice([0, 1, 2, 8, 9, 10]) for i in range(len(NAMES))}
    weights[0], weights[2] = 0, 10
    reasons = {
        0: "Privacy van omwonenden weegt zwaar.",
        2: "De dijk moet veilig zijn.",
        3: "Allebei belangrijk.",
        5: "Spookreden",
    }

    contexts = [browser.new_context(viewport=PHONE, locale="nl-NL", is_mobile=True, has_touch=True) for _ in NAMES]
    phones = [c.new_page() for c in contexts]
    for phone in phones:
        phone.set_default_timeout(45_000)
    link = server.page_url("meedoen", code=info.join_code)
    clock = time.monotonic()

    def lap(what: str) -> None:
        nonlocal clock
        print(f"{what}: {time.monotonic() - clock:.1f} s")
        clock = time.monotonic()

    try:
        # the two called Jan join by the link and the form; the others were let in already and open
        # their own participant link (a QR code scanned earlier): both ways the browser keeps the token
        for i, (phone, name) in enumerate(zip(phones, NAMES, strict=True)):
            if i < 2:
                phone.goto(link)
                wait_ready(phone)
                phone.get_by_role("textbox", name=re.compile("Je naam")).fill(name)
                phone.get_by_role("button", name="Meedoen").click()
                phone.wait_for_url(re.compile(r"[?&]p="))
            else:
                phone.goto(
                    server.page_url("meedoen", code=info.join_code, p=store.join(info.join_code, name=name)[1].token)
                )
        for phone, name in zip(phones, NAMES, strict=True):
            wait_ready(phone)
            expect(phone.get_by_text(f"Je doet mee als {name}")).to_be_visible()
        tokens = [query(phone)["p"] for phone in phones]
        assert len(set(tokens)) == len(NAMES) and store.joined(info.id) == len(NAMES)

        lap("a rescan o")
        # a rescan of the QR code on the same phone continues as the same participant
        for i in (0, 3):  # one who joined by the form, one who came by their own link
            phones[i].goto(link)
            wait_ready(phones[i])
            expect(phones[i].get_by_text(f"Je doet mee als {NAMES[i]}")).to_be_visible()
            assert query(phones[i])["p"] == tokens[i]
        assert store.joined(info.id) == len(NAMES)

        lap("the partic")
        # the participant's browser reaches no other page: a typed address leads back to the session
        for address in ("bibliotheek", "sessie", ""):
            phones[0].goto(server.page_url(address))
            wait_ready(phones[0])
            expect(phones[0].get_by_text("Je doet mee als Jan")).to_be_visible()
            assert urlsplit(phones[0].url).path == "/meedoen" and query(phones[0])["p"] == tokens[0]
            assert phones[0].get_by_test_id("stSidebarNav").count() == 0
            assert phones[0].locator("a[href*='bibliotheek'], a[href*='sessie'], a[href*='waarden']").count() == 0
            no_exception(phones[0])

        lap("one questi")
        # one question per screen, with next and back (on the participant's own link again: the
        # redirect from another address may still be finishing its run)
        phone = phones[0]
        phone.goto(server.page_url("meedoen", code=info.join_code, p=tokens[0]))
        wait_ready(phone)
        expect(phone.get_by_text("Vraag 1 van 3")).to_be_visible()  # the three items the facilitator chose
        expect(phone.get_by_role("slider")).to_have_count(1)  # the first value's weight (its effect is not asked)
        phone.get_by_role("button", name="Volgende").click()
        expect(phone.get_by_text("Vraag 2 van")).to_be_visible()
        phone.get_by_role("button", name="Vorige").click()
        expect(phone.get_by_text("Vraag 1 van")).to_be_visible()
        screenshot(phone, "participant-one-question")

        lap("every phon")
        # every phone answers in the compact list: a weight, the first dilemma, a reason
        for i, phone in enumerate(phones):
            phone.get_by_text("Alles onder elkaar").click()
            wait_ready(phone)
            set_slider(phone, f"Gewicht van {first_name} (0–10)", weights[i], 0, 10, 1)
            if i == SKIPPER:
                phone.get_by_text("Weet ik niet (overslaan)").nth(1).click()  # the first dilemma's
                wait_ready(phone)
            else:
                set_slider(phone, f"Balans: links {a}, rechts {b}", balances[i], -100, 100, 5)
            if i in reasons:
                box = phone.get_by_role("textbox", name=re.compile("Waarom")).first
                box.fill(reasons[i])
                box.blur()
                wait_ready(phone)
        lap("moves not ")
        # moves not sent survive a reload (phone 3 has not pressed send yet)
        phones[3].reload()
        wait_ready(phones[3])
        phones[3].get_by_text("Alles onder elkaar").click()
        wait_ready(phones[3])
        expect(slider(phones[3], f"Balans: links {a}, rechts {b}")).to_have_attribute(
            "aria-valuetext", str(balances[3])
        )
        expect(phones[3].get_by_role("textbox", name=re.compile("Waarom")).first).to_have_value(reasons[3])
        expect(phones[3].get_by_text("nog niet verstuurd")).to_be_visible()
        assert store.answered(info.id, 1) == 0  # a draft is no answer
        for phone in phones:
            phone.get_by_role("button", name="Antwoord versturen").click()
            expect(phone.get_by_text("Je antwoord is opgeslagen")).to_be_visible()
        assert store.answered(info.id, 1) == len(NAMES)

        lap("every numb")
        # every number sent arrives unchanged; a skip is no answer; the reasons are stored
        for i, token in enumerate(tokens):
            stored = store.answer(info.id, token, 1)
            assert stored["weights"][first_value] == weights[i]
            if i == SKIPPER:
                assert pair not in stored["balances"]
            else:
                assert stored["balances"][pair] == balances[i]
            assert stored.get("reasons", {}).get(pair) == reasons.get(i)
        screenshot(phones[SKIPPER], "participant-list-skipped")

        lap("the facili")
        # the facilitator removes the ghost: its answers leave the results, its phone says so
        store.remove_participant(info.id, key, tokens[GHOST], expect=(1, "open"))
        expect(phones[GHOST].get_by_text("De begeleider heeft je uit deze sessie gehaald")).to_be_visible()
        assert store.answered(info.id, 1) == len(NAMES) - 1

        lap("the reveal")
        # the reveal: every phone follows by itself
        store.reveal(info.id, key, expect=(1, "open"))
        started = time.monotonic()
        for phone in phones[:GHOST]:
            expect(phone.get_by_text("De resultaten van ronde 1 zijn zichtbaar")).to_be_visible()
        followed = time.monotonic() - started
        print(f"five phones followed the reveal in {followed:.1f} s")
        summary = summarise(case, store.responses(info.id, 1))
        counted = [balances[i] for i in (0, 2, 3, 4)]  # not the skipper, not the ghost
        assert summary.items[f"balance:{pair}"].n == 4
        assert summary.items[f"balance:{pair}"].median == sorted(counted)[1] / 2 + sorted(counted)[2] / 2

        lap("where I st")
        # where I stand, and the arguments without names (the ghost's is gone)
        viewer = phones[4]
        expect(viewer.get_by_role("heading", name="Waar jij het meest afwijkt van de groep")).to_be_visible()
        for i in (0, 2, 3):
            expect(viewer.get_by_text(reasons[i])).to_be_visible()
        content = viewer.content()
        assert "Spookreden" not in content
        for other in ("Jan", "Bea", "Cor", "Spook"):
            assert other not in content  # nobody's name on another person's phone
        phones[SKIPPER].get_by_text(re.compile(r"Alle \d+ vragen in woorden")).click()  # every item, in words
        expect(
            phones[SKIPPER].get_by_text(re.compile(r"je sloeg dit over; de groep: .* \(4 antwoorden\)"))
        ).to_be_visible()
        wait_charts(viewer)
        for phone in phones:
            no_exception(phone)
            assert key not in phone.content()
        screenshot(viewer, "participant-where-i-stand")
    finally:
        for c in contexts:
            c.close()
