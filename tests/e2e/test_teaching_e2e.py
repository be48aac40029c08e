"""A teaching workshop in a real browser (issue 14): the teacher starts a session on the lesson example
in teaching mode with the dilemma method's script; six people answer; at the reveal the facilitator's
screen and the projector show the group beside the board's reference and the phones show their own
distance to the group and to the reference; the projector follows the next phase; round 2; the
actions phase (a phone proposes in its form, everyone scores); the debrief handout is downloaded and
read back; the outcome is saved as a group profile and the case file is byte for byte the same
except that profile (and the save's revision and date); then the ranked actions go into the case.
Screenshots: projector, phone, facilitator and the handout's first page (/tmp/teaching/)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from dilemmakaart.code import load_code
from dilemmakaart.session import SessionStore
from dilemmakaart.store import CaseLibrary, writable_text
from dilemmakaart.teaching import proposals, propose, score
from tests.e2e.conftest import no_exception, open_panel, wait_ready
from tests.test_teaching import without_profile

LESSON = "algoritme-toeslagen-selectie"
PHONE = {"width": 390, "height": 844}
SHOTS = Path("/tmp/teaching")
PAIR = "doelmatigheid|rechtsbescherming"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_a_teaching_workshop_against_the_reference(server, browser):
    library = CaseLibrary(server.library, load_code())
    path = server.library / f"{LESSON}.yaml"
    path.write_text(writable_text(library.load(LESSON), library.code), encoding="utf-8")  # as the app writes it
    before = path.read_text(encoding="utf-8")

    fac_ctx = browser.new_context(viewport={"width": 1366, "height": 900}, locale="nl-NL", accept_downloads=True)
    room_ctx = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="nl-NL")
    phone_ctx = [browser.new_context(viewport=PHONE, locale="nl-NL", is_mobile=True, has_touch=True) for _ in range(2)]
    try:
        fac = fac_ctx.new_page()
        fac.set_default_timeout(45_000)
        fac.goto(server.page_url("sessie"))
        wait_ready(fac)
        # the lesson example, teaching mode, the dilemma method
        fac.get_by_text("Lesmodus", exact=True).click()
        fac.get_by_role("combobox", name="Draaiboek").click()
        fac.get_by_role("option", name="Dilemmamethode: eerst alleen, dan samen").click()
        fac.get_by_role("button", name="Sessie starten").click()
        fac.wait_for_url(re.compile(r"session="))
        wait_ready(fac)
        session_id = parse_qs(urlsplit(fac.url).query)["session"][0]
        store = SessionStore(server.library)
        info = store.load(session_id)
        assert info.case_id == LESSON
        expect(fac.get_by_text("Lesmodus staat aan")).to_be_visible()
        expect(fac.get_by_text("Draaiboek: Dilemmamethode: eerst alleen, dan samen")).to_be_visible()
        open_panel(fac, "Je leiderslink", fac.get_by_role("button", name="Toon mijn leiderslink"))
        fac.get_by_role("button", name="Toon mijn leiderslink").click()
        key = parse_qs(urlsplit(fac.get_by_text(re.compile(r"[?&]key=")).first.inner_text()).query)["key"][0]

        href = fac.get_by_role("link", name=re.compile("Projectorweergave")).get_attribute("href") or ""
        room = room_ctx.new_page()
        room.set_default_timeout(45_000)
        room.goto(server.url + href)
        wait_ready(room)
        expect(room.get_by_text("Fase 1 van 6: Uitleg: de casus en hoe de sessie gaat")).to_be_visible()

        # six people answer (two of them on a phone we look at): trust 5…8 against the board's 9
        trust = [5, 6, 6, 7, 8, 8]
        tokens = []
        for i, weight in enumerate(trust):
            p = store.join(info.join_code, name=f"Student {i}")[1]
            tokens.append(p.token)
            store.submit(
                session_id,
                p.token,
                1,
                {
                    "weights": {"vertrouwen": weight, "non-discriminatie": 9},
                    "effects": {"vertrouwen": -2},
                    "balances": {PAIR: [-40, -20, 0, 20, 40, 60][i]},
                    "reasons": {PAIR: "Eerst horen, dan pas aanpassen."} if i == 0 else {},
                },
            )
        phones = [c.new_page() for c in phone_ctx]
        for page, token in zip(phones, tokens[:2], strict=True):
            page.set_default_timeout(60_000)
            page.goto(server.page_url("meedoen", code=info.join_code, p=token))
            wait_ready(page)
        fac.get_by_text("6 van 6 deelnemers hebben geantwoord in ronde 1").wait_for()

        # the next phase: the projector follows
        fac.get_by_role("button", name="Naar de volgende fase").click()
        expect(room.get_by_text("Fase 2 van 6: Ieder weegt alleen (op de telefoon)")).to_be_visible()

        # the reveal, against the reference
        fac.get_by_role("button", name="Sluiten en resultaten tonen").click()
        fac.get_by_role("button", name="Ja, resultaten tonen").click()
        expect(fac.get_by_text("De groep naast de referentie: Directie (besluit)")).to_be_visible()
        expect(room.get_by_text("De groep naast de referentie: Directie (besluit)")).to_be_visible()
        # the group's trust 6,5 against the board's 9: −2,5 in the projector's table
        row = room.get_by_role("row", name=re.compile(r"Vertrouwen \(gewicht\)"))
        expect(row).to_contain_text("6,5")
        expect(row).to_contain_text("−2,5")
        for page in phones:
            expect(page.get_by_text("Hoe ver zit jij van de groep en de referentie?")).to_be_visible()
            expect(page.get_by_text(re.compile(r"Jij en de referentie \(Directie \(besluit\)\):"))).to_be_visible()
        # the first phone: trust 5 against the board's 9 and the group's 6,5
        phones[0].get_by_text("Per onderdeel", exact=True).click()
        mine = phones[0].get_by_role("row", name=re.compile(r"Vertrouwen \(gewicht\)"))
        expect(mine).to_contain_text("5")
        expect(mine).to_contain_text("9")
        shot(room, "projector")
        shot(phones[0], "phone")
        shot(fac, "facilitator")

        # round 2: after the talk most move towards the board's trust
        fac.get_by_role("button", name="Start ronde 2").click()
        expect(fac.get_by_text(re.compile(r"Ronde 2 · Stand: open"))).to_be_visible()
        for i, token in enumerate(tokens):
            store.submit(
                session_id,
                token,
                2,
                {
                    "weights": {"vertrouwen": [8, 8, 7, 8, 9, 8][i], "non-discriminatie": 9},
                    "effects": {"vertrouwen": -2},
                    "balances": {PAIR: [-40, -20, 0, 20, 40, 60][i]},
                    "reasons": {PAIR: "Eerst horen, dan pas aanpassen."} if i == 0 else {},
                },
            )
        fac.get_by_text("6 van 6 deelnemers hebben geantwoord in ronde 2").wait_for()
        fac.get_by_role("button", name="Sluiten en resultaten tonen").click()
        fac.get_by_role("button", name="Ja, resultaten tonen").click()
        expect(fac.get_by_text("Resultaten ronde 2")).to_be_visible()

        # the actions phase: a phone proposes in its form, the others through the store; all score
        open_panel(
            fac,
            "Actiefase: acties voorstellen en prioriteren",
            fac.get_by_role("button", name="Acties voorstellen openen"),
        )
        fac.get_by_role("button", name="Acties voorstellen openen").click()
        phone = phones[0]
        # the phone follows by itself (a loaded machine redraws a phone's whole page slowly)
        expect(phone.get_by_text("Stel een actie voor")).to_be_visible(timeout=60_000)
        phone.get_by_role("textbox", name="De actie").fill("Eerst bellen, dan pas het voorschot aanpassen")
        phone.get_by_role("button", name="Voorstel versturen").click()
        expect(phone.get_by_text("Je voorstel is binnen.")).to_be_visible()
        shot(phone, "phone_actions")
        case = library.load(LESSON)
        audit = propose(store, session_id, tokens[1], case, "Audit per kwartaal", "techniek", "non-discriminatie")
        fac.get_by_role("button", name="Voorstellen sluiten en scoren openen").click()
        expect(fac.get_by_text("Nu: scoren.")).to_be_visible()
        called = next(p for p in proposals(store, session_id) if p.id != audit.id)
        for token in tokens:
            score(store, session_id, token, {audit.id: (3, 3), called.id: (2, 3)})
        fac.get_by_role("button", name="Scoren sluiten").click()
        expect(fac.get_by_text("Gesloten: dit is de lijst op volgorde.")).to_be_visible()
        fac.get_by_text("Gesloten: dit is de lijst op volgorde.").scroll_into_view_if_needed()
        fac.screenshot(path=str(SHOTS / "facilitator_actions.png"))

        # the debrief handout, downloaded and read back
        handout_panel = fac.get_by_role("group").filter(has_text="Hand-out voor de nabespreking")
        group_name = handout_panel.get_by_role("textbox", name=re.compile("Naam van de groep"))
        open_panel(fac, "Hand-out voor de nabespreking", group_name)
        group_name.fill("Klas 5C")
        fac.get_by_role("button", name="Hand-out maken").click()
        with fac.expect_download() as download:
            fac.get_by_role("button", name="Hand-out (PDF)").click()
        handout = SHOTS / "handout.pdf"
        download.value.save_as(handout)
        text = subprocess.run(["pdftotext", str(handout), "-"], capture_output=True, text=True, check=True).stdout
        assert "HAND-OUT NABESPREKING" in text and "Klas 5C" in text
        assert "De groep naast de referentie: Directie (besluit)" in text
        assert "Eerst horen, dan pas aanpassen." in text and "Student" not in text
        assert "Wat er veranderde tussen ronde 1 en ronde 2" in text
        assert "Vertrouwen (gewicht): 6,5 → 8" in text
        assert text.index("Audit per kwartaal (techniek) · nodig 3 × belangrijk 3 = 9") < text.index(
            "Eerst bellen, dan pas het voorschot aanpassen (techniek) · nodig 2 × belangrijk 3 = 6"
        )
        subprocess.run(
            ["pdftoppm", "-r", "60", "-f", "1", "-l", "1", "-png", str(handout), str(SHOTS / "handout")], check=True
        )

        # saved as a group profile: the case's own weighing unchanged, byte for byte
        fac.get_by_role("textbox", name=re.compile("Naam van de groep")).last.fill("Klas 5C")
        fac.get_by_role("button", name="Bewaren als groepsprofiel").click()
        expect(fac.get_by_text("Bewaard als groepsprofiel 'Klas 5C'")).to_be_visible()
        after = path.read_text(encoding="utf-8")
        assert after != before
        assert without_profile(after, "Klas 5C") == without_profile(before, "Klas 5C")
        profile = library.load(LESSON).profile("Klas 5C")
        assert profile is not None and profile.participants == 6 and profile.weights["vertrouwen"] == 8  # round 2

        # the ranked actions into the case, with their scores (after the byte comparison: this changes the case)
        fac.get_by_role("button", name="Zet de lijst bij de acties van de casus").click()
        expect(fac.get_by_text("2 acties toegevoegd aan de casus")).to_be_visible()
        added = library.load(LESSON).actions[-2:]
        assert [(a.text, a.necessity, a.importance) for a in added] == [
            ("Audit per kwartaal", 3, 3),
            ("Eerst bellen, dan pas het voorschot aanpassen", 2, 3),
        ]
        store.check_key(session_id, key)
        for page in (fac, room, *phones):
            no_exception(page)
    finally:
        for c in (fac_ctx, room_ctx, *phone_ctx):
            c.close()
