"""The number a person chooses is the number that is saved, drawn and reported (issue 10).

In Chromium, on a real server: every slider and every text field of the flow pages (a small case
with three values, two dilemmas and an action) and of the participant's page is set to values
chosen at random (seeded; the ends of every scale included) by clicking on the track, by dragging
the thumb and by keyboard, each slider by all three, the last one differing from slider to slider.
Then: Save (or Send), read the YAML file (or the answer file) and compare exactly; reload and read
the thumbs; build the map's chart spec, its text equivalent and the Markdown report from the saved
file and find the same numbers. A paste over a field's limit gives a message and loses nothing.
"""

from __future__ import annotations

import random
import re

import pytest
from playwright.sync_api import expect

from dilemmakaart.charts.case_charts import dilemma_map, tradeoffs
from dilemmakaart.charts.describe import map_table
from dilemmakaart.code import load_code
from dilemmakaart.report import render_report
from dilemmakaart.scales import BALANCE, EFFECT, WEIGHT, Scale
from dilemmakaart.session import SessionStore
from dilemmakaart.store import CaseLibrary
from dilemmakaart.wording import signed
from tests.e2e.conftest import new_page, no_exception, wait_ready

SOURCE = "tellen-bezoekers-binnenstad"
CASE = "rondgang-proef"
VALUES = ["privacy", "veiligheid", "samenwerking"]
PAIRS = ["veiligheid|privacy", "samenwerking|privacy"]
METHODS = ["click", "drag", "keys"]


def css(key: str) -> str:
    """The class Streamlit gives the element with widget key ``key``."""
    return ".st-key-" + re.sub(r"[^A-Za-z0-9_-]", "-", key)


@pytest.fixture(scope="module")
def proof_case(server):
    """A small copy of an example case: three values, two dilemmas among them, one action."""
    library = CaseLibrary(server.library, load_code())
    case = library.load(SOURCE).model_copy(deep=True)
    case.id, case.revision, case.created, case.updated, case.sessions = CASE, 0, None, None, []
    case.values = [v for v in case.values if v.value in VALUES]
    case.dilemmas = [d for d in case.dilemmas if d.key in PAIRS]
    case.actions = case.actions[:1]
    case.options = []  # the case's options for a decision name values this copy leaves out
    assert [v.value for v in case.values] and len(case.dilemmas) == 2 and case.actions
    return library.save(case, create=True)


def plan(rng: random.Random, scale: Scale, final: int) -> list[int]:
    """Three positions for one slider: two chosen at random, then ``final`` (all different from the
    one before, so every method really moves the thumb)."""
    out: list[int] = []
    for target in (None, None, final):
        choices = [p for p in scale.positions() if p != (out[-1] if out else None) and p != final]
        out.append(target if target is not None else rng.choice(choices))
    return out


def _track(widget):
    return widget.locator("[role='group'] > div[data-orientation='horizontal']").first


def _x(box: dict, scale: Scale, value: int) -> float:
    share = (value - scale.min) / (scale.max - scale.min)
    return box["x"] + min(max(share * box["width"], 1), box["width"] - 1)


def set_slider(page, key: str, scale: Scale, value: int, method: str) -> None:
    """Move the slider ``key`` to ``value`` the way a person would, and see the thumb say so."""
    widget = page.locator(css(key)).filter(visible=True)
    field = widget.locator("input[type='range']")
    widget.scroll_into_view_if_needed()
    if method == "click":  # a click on the track at the value's place
        track = _track(widget)
        box = track.bounding_box()
        # Playwright finds the track again and waits until it stands still right before it clicks
        track.click(position={"x": _x(box, scale, value) - box["x"], "y": box["height"] / 2})
    elif method == "drag":  # press on the thumb, move to the value's place, let go
        track = _track(widget)
        box = track.bounding_box()
        field.locator("xpath=../..").drag_to(
            track, target_position={"x": _x(box, scale, value) - box["x"], "y": box["height"] / 2}
        )
    else:  # the keyboard: Home / End for the ends, arrows in between (pressed quickly)
        field.focus()
        if value == scale.min:
            field.press("Home")
        elif value == scale.max:
            field.press("End")
        else:
            now = int(field.input_value())
            key_name = "ArrowRight" if value > now else "ArrowLeft"
            for _ in range(abs(value - now) // scale.step):
                field.press(key_name)
    expect(field).to_have_value(str(value))


def thumb(page, key: str):
    """The slider a person sees. Streamlit 1.67 parks a keyed element that a run moved or left out
    in a hidden box (display: none, out of the accessibility tree) until a later run ends cleanly;
    on a page with a self-refreshing fragment that can last until the next input. Parked sliders
    cannot be seen, focused or moved, so they are not counted."""
    return page.locator(css(key)).locator("input[type='range']").filter(visible=True)


def set_text(page, key: str, text: str, tag: str = "textarea") -> None:
    # the run the last field's Tab started has ended (not only "no run now": that run may not have
    # begun yet): it can redraw this field, e.g. an action's panel under a new title, and text typed
    # into the field it replaces was lost (a CI run: the owner field showed its old value again)
    wait_ready(page)
    field = page.locator(css(key)).locator(tag)
    field.fill(text)
    field.press("Tab")  # leaving the field hands its text to the app
    expect(field).to_have_value(text)


def open_value(page, value_id: str) -> None:
    """Open a value's card on Waarden (a click on its name in the list of values at stake)."""
    name = load_code().value_name(value_id, "nl")
    page.locator(css("values-list")).get_by_text(name, exact=True).click()
    expect(thumb(page, f"values:weight:{value_id}")).to_be_visible()
    wait_ready(page)


def go(page, step: str) -> None:
    """To another step by the navigation (the case stays in the browser session)."""
    page.locator("[data-testid='stSidebar'] a", has_text=step).click()
    page.wait_for_url(re.compile(step.split(". ")[1][:5].lower()))
    wait_ready(page)


def sliders_in_turn(page, rng, sliders: list[tuple[str, Scale, int]], turn: int) -> None:
    """Every slider by all three methods; which method comes last rotates from slider to slider."""
    for n, (key, scale, final) in enumerate(sliders):
        order = METHODS[(turn + n) % 3 :] + METHODS[: (turn + n) % 3]
        for i, (method, value) in enumerate(zip(order, plan(rng, scale, final), strict=True)):
            set_slider(page, key, scale, value, method)
            if method == "keys" and i < 2:
                # the slider sends key presses a moment after the last one; a click right after
                # them would be overtaken by that late value (then shown and saved, not lost)
                wait_ready(page)
    wait_ready(page)
    for key, _, final in sliders:  # after the app's reruns, the thumbs still show the choice
        expect(thumb(page, key)).to_have_value(str(final))


def words(rng: random.Random, n: int) -> str:
    pool = ["dijk", "privacy", "gemaal", "camera", "'quote'", "€ 12,50", "café", "—", "#3", "50%", "ß", "<b>"]
    return " ".join(rng.choice(pool) for _ in range(n))


def test_every_slider_and_text_round_trips_exactly(server, browser, proof_case):
    rng = random.Random(10)
    weights = dict(zip(VALUES, [WEIGHT.min, WEIGHT.max, rng.choice(WEIGHT.positions())], strict=True))
    effects = dict(zip(VALUES, [EFFECT.max, rng.choice(EFFECT.positions()), EFFECT.min], strict=True))
    balances = dict(zip(PAIRS, [BALANCE.min, BALANCE.max], strict=True))
    texts = {
        "title": "Rondgang " + words(rng, 4),
        "organisation": "Waterschap " + words(rng, 2),
        "description": words(rng, 30) + "\n\nTweede alinea: " + words(rng, 10),
        "notes": {v: words(rng, 8) for v in VALUES},
        "rationale": {p: words(rng, 12) for p in PAIRS},
        "options": {p: [words(rng, 3), words(rng, 4)] for p in PAIRS},
        "action": "Actie: " + words(rng, 6),
        "owner": "Team " + words(rng, 2),
        "decision": "Besluit: " + words(rng, 20),
        "by": "Dagelijks bestuur " + words(rng, 1),
    }
    page = new_page(browser, 1366, 768)
    try:
        # 1. Beschrijven: a paste over the limit is refused and kept; then the real texts
        page.goto(server.page_url("beschrijven", case=CASE))
        wait_ready(page)
        title = page.locator(css("describe:title")).locator("input")
        title.fill("T" * 340)
        title.press("Tab")
        wait_ready(page)
        expect(page.get_by_text("140 tekens te veel")).to_be_visible()
        expect(title).to_have_value("T" * 340)
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        description = page.locator(css("describe:description")).locator("textarea")
        page.evaluate("text => navigator.clipboard.writeText(text)", "lang " * 4970)  # 24,850 characters
        description.click()
        page.keyboard.press("ControlOrMeta+a")
        page.keyboard.press("ControlOrMeta+v")
        description.press("Tab")
        wait_ready(page)
        expect(page.get_by_text("4.850 tekens te veel")).to_be_visible()
        expect(description).to_have_value("lang " * 4970)
        assert CaseLibrary(server.library, load_code()).load(CASE).title == proof_case.title
        set_text(page, "describe:title", texts["title"], "input")
        set_text(page, "describe:organisation", texts["organisation"], "input")
        set_text(page, "describe:description", texts["description"])
        wait_ready(page)
        expect(page.get_by_text("tekens te veel")).to_have_count(0)
        page.screenshot(path=str(_shot("roundtrip-describe")))

        # 2. Waarden: weight and effect of each value, and its note
        go(page, "2. Waarden")
        for i, v in enumerate(VALUES):  # one value's card is open at a time: open it from the list
            open_value(page, v)
            sliders = [(f"values:weight:{v}", WEIGHT, weights[v]), (f"values:effect:{v}", EFFECT, effects[v])]
            sliders_in_turn(page, rng, sliders, turn=2 * i)
            set_text(page, f"values:note:{v}", texts["notes"][v])
        wait_ready(page)
        for v in VALUES:  # the list beside the card says every value's numbers
            expect(page.locator(css("values-list"))).to_contain_text(
                f"gewicht {weights[v]} · effect {signed(effects[v])}"
            )
        page.screenshot(path=str(_shot("roundtrip-values")))

        # 3. Afwegen: the balance of each dilemma, its rationale and options
        go(page, "3. Afwegen")
        sliders_in_turn(page, rng, [(f"weigh:balance:{p}", BALANCE, balances[p]) for p in PAIRS], turn=1)
        for p in PAIRS:
            set_text(page, f"weigh:rationale:{p}", texts["rationale"][p])
            set_text(page, f"weigh:options:{p}", "\n".join(texts["options"][p]))
        wait_ready(page)
        page.screenshot(path=str(_shot("roundtrip-weigh")))

        # 4. Acties en besluit: the action's text and owner, the decision, then Save
        go(page, "5. Acties")
        action = str(proof_case.actions[0].id)
        page.locator(css(f"actions:{action}:open")).locator("summary").click()
        set_text(page, f"actions:{action}:text", texts["action"])
        set_text(page, f"actions:{action}:owner", texts["owner"], "input")
        wait_ready(page)  # the run the owner's Tab started has ended (a click during it was once lost)
        page.locator(css("actions:part")).get_by_role("radio", name="Besluit en herziening").click()  # its part
        expect(page.locator(css("actions:decision:text")).locator("textarea")).to_be_visible()
        set_text(page, "actions:decision:text", texts["decision"])
        set_text(page, "actions:decision:by", texts["by"], "input")
        wait_ready(page)
        page.locator(css("flow:save")).locator("button").click()
        wait_ready(page)
        no_exception(page)

        saved = CaseLibrary(server.library, load_code()).load(CASE)
        assert saved.revision == proof_case.revision + 1
        assert {v.value: v.weight for v in saved.values} == weights
        assert {v.value: v.effect for v in saved.values} == effects
        assert {d.key: d.balance for d in saved.dilemmas} == balances
        assert (saved.title, saved.organisation, saved.description) == (
            texts["title"],
            texts["organisation"],
            texts["description"],
        )
        assert {v.value: v.note for v in saved.values} == texts["notes"]
        assert {d.key: d.rationale for d in saved.dilemmas} == texts["rationale"]
        assert {d.key: d.options for d in saved.dilemmas} == texts["options"]
        assert (saved.actions[0].text, saved.actions[0].owner) == (texts["action"], texts["owner"])
        assert saved.decision is not None and (saved.decision.text, saved.decision.by) == (
            texts["decision"],
            texts["by"],
        )

        # 5. a reload shows the saved numbers on the thumbs
        page.goto(server.page_url("waarden", case=CASE))
        wait_ready(page)
        for v in VALUES:
            open_value(page, v)
            expect(thumb(page, f"values:weight:{v}")).to_have_value(str(weights[v]))
            expect(thumb(page, f"values:effect:{v}")).to_have_value(str(effects[v]))
        page.goto(server.page_url("afwegen", case=CASE))
        wait_ready(page)
        for p in PAIRS:
            expect(thumb(page, f"weigh:balance:{p}")).to_have_value(str(balances[p]))
    finally:
        page.context.close()

    # 6. the map's spec, its text equivalent and the report say the same numbers
    code = load_code()
    points = {
        row["value"]: (row["weight"], row["effect"])
        for rows in dilemma_map(saved, code, "nl").to_dict()["datasets"].values()
        for row in rows
        if "value_name" in row and "effect" in row
    }
    assert points == {v: (weights[v], effects[v]) for v in VALUES}
    drawn = {
        row["key"]: row["balance"]
        for rows in tradeoffs(saved, code, "nl").to_dict()["datasets"].values()
        for row in rows
        if "balance_text" in row and "key" in row
    }
    assert drawn == balances
    table = map_table(saved, code, "nl")
    names = {v: code.value_name(v, "nl") for v in VALUES}
    for v in VALUES:
        row = table[table["Waarde"] == names[v]].iloc[0]
        assert (int(row["Gewicht"]), int(row["Effect"])) == (weights[v], effects[v])
    report = render_report(saved, "md", "nl", code=code).decode()
    for v in VALUES:  # the map's table in the report, and the sentence under it
        assert f"| {names[v]} | {weights[v]} | {_signed(effects[v])} |" in report, v
    for p in PAIRS:  # each dilemma's section says its balance
        a, b = (code.value_name(x, "nl") for x in p.split("|"))
        section = re.search(rf"### {re.escape(a)} – {re.escape(b)}\n+\*\*Balans: ([^\n]*)\*\*", report)
        assert section and section.group(1).endswith(f"({_signed(balances[p])})"), p


def _signed(n: int) -> str:
    return "0" if n == 0 else ("+" if n > 0 else "−") + str(abs(n))


def _shot(name: str):
    from tests.e2e.conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / f"{name}.png"


def test_the_participant_saves_and_sees_exactly_the_chosen_numbers(server, browser, proof_case):
    rng = random.Random(11)
    sessions = SessionStore(server.library)
    info, _ = sessions.create(CASE)
    case = CaseLibrary(server.library, load_code()).load(CASE)
    values = [v.value for v in case.values]
    pairs = [d.key for d in case.dilemmas]
    weights = {v: rng.choice(WEIGHT.positions()) for v in values} | {values[0]: WEIGHT.max, values[1]: WEIGHT.min}
    effects = {v: rng.choice(EFFECT.positions()) for v in values} | {values[0]: EFFECT.min, values[1]: EFFECT.max}
    # the positions the old slider could not save (-80, -60, -20, +20, +80) and the ends
    balances = dict(zip(pairs, [rng.choice([-80, -60, -20, 20, 80]), BALANCE.min], strict=False))
    page = new_page(browser, 390, 844)  # a phone
    try:
        page.goto(server.page_url("meedoen", code=info.join_code))
        wait_ready(page)
        name = page.get_by_role("textbox", name=re.compile("Je naam"))
        name.fill("N" * 75)
        page.get_by_role("button", name="Meedoen").click()
        wait_ready(page)
        expect(page.get_by_text("15 tekens te veel")).to_be_visible()
        expect(name).to_have_value("N" * 75)
        name.fill("Deelnemer rondgang")
        page.get_by_role("button", name="Meedoen").click()
        page.wait_for_url(re.compile(r"[?&]p="))
        wait_ready(page)
        # one item per screen, as the phone shows them: a value's weight and effect, then each dilemma
        screens = [[(f"join:weight:{v}", WEIGHT, weights[v]), (f"join:effect:{v}", EFFECT, effects[v])] for v in values]
        screens += [[(f"join:balance:{p}", BALANCE, balances[p])] for p in pairs]
        sliders = [slider for screen in screens for slider in screen]
        for n, screen in enumerate(screens):
            expect(page.get_by_text(f"Vraag {n + 1} van {len(screens)}")).to_be_visible()
            here = {key for key, _, _ in screen}
            for key, _, _ in sliders:  # only this screen's sliders are shown (the last screen's go
                # when the run that draws this one ends: on a loaded machine that can take a while)
                expect(thumb(page, key)).to_have_count(1 if key in here else 0, timeout=30_000)
            sliders_in_turn(page, rng, screen, turn=2 + n)
            if screen[0][0].startswith("join:balance:"):  # the words under a balance follow its number
                p = screen[0][0].removeprefix("join:balance:")
                expect(page.locator(css(f"join-words-{p.replace('|', '--')}"))).to_contain_text(
                    f"({_signed(balances[p])})"
                )
            if n < len(screens) - 1:
                page.get_by_role("button", name="Volgende").click()
                wait_ready(page)
        for n in reversed(range(len(screens) - 1)):  # back through every screen: each kept its numbers
            page.get_by_role("button", name="Vorige").click()
            expect(page.get_by_text(f"Vraag {n + 1} van {len(screens)}")).to_be_visible()
            for key, _, final in screens[n]:
                expect(thumb(page, key)).to_have_value(str(final))
        page.get_by_role("button", name=re.compile("Antwoord (versturen|bijwerken)")).click()
        expect(page.get_by_text("Je antwoord is opgeslagen")).to_be_visible()
        page.screenshot(path=str(_shot("roundtrip-participant-phone")), full_page=True)
        token = dict(re.findall(r"[?&](\w+)=([^&]+)", page.url))["p"]
        answer = sessions.answer(info.id, token, 1)
        assert answer == {"weights": weights, "effects": effects, "balances": balances}
        page.reload()
        wait_ready(page)
        page.get_by_text("Alles onder elkaar").click()  # after a reload, every item in one list
        wait_ready(page)
        for key, _, final in sliders:
            expect(thumb(page, key)).to_have_value(str(final))
    finally:
        page.context.close()
