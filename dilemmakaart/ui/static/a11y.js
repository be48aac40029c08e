// What makes every page usable with a screen reader and the keyboard, in one place.
// (No less-than sign in this file: the HTML sanitiser drops a script that looks like it holds a tag.)
//
// Runs in the app's document right after localise.js (dilemmakaart/ui/bootstrap.py: ``localise``),
// with ``window.__dkLocale.a11y = {chart, charts, focus}``. Python marks things with the keys of
// containers (Streamlit gives a container with key K the class ``st-key-K``); this script turns
// the marks into ARIA whenever Streamlit draws something:
//   - charts (WCAG 1.1.1, 4.1.2): every chart is one image (role img) named by its summary (the
//     spec's ``description``, which Vega puts in aria-label), else by its title; the drawing inside
//     is hidden from screen readers (no per-mark data nodes);
//   - names (4.1.2, 2.4.6): Markdown markers are taken out of names ("**Inclusie**" → "Inclusie");
//     buttons and expanders inside a container keyed ``dkname-HEX`` get the container's words
//     (HEX: UTF-8 hex) after their own ("PNG" → "PNG van de dilemmakaart");
//   - status messages (4.1.3): a container keyed ``dkstatus-…`` (or another of ``statusKeys``: the
//     balance sentence under a slider) is a polite live region;
//   - fields (3.3.1, 3.3.2): in a container keyed ``dkfield-…`` (``dkfield-req-…`` when required)
//     the input gets aria-required, and aria-invalid plus aria-describedby pointing at the message
//     under it while one of ``refused-…`` / ``dkerror-…`` holds an error;
//   - focus (2.4.3): ``focus`` = {target: CSS selector, nonce} moves focus there once the run has
//     drawn it; after a change of page, focus goes to the page's heading.
(function () {
  "use strict";
  const config = (window.__dkLocale && window.__dkLocale.a11y) || null;
  if (!config) return;
  window.__dkA11y = config;

  const MARKDOWN = /(\*\*|__)(.+?)\1|(^|\s)[*_](\S(?:.*?\S)?)[*_](?=\s|$)|`([^`]+)`|:material\/[a-z_]+:/g;
  function plain(text) {
    return text
      .replace(MARKDOWN, (all, mark, strong, space, em, code) => {
        if (strong !== undefined) return strong;
        if (em !== undefined) return space + em;
        if (code !== undefined) return code;
        return "";
      })
      .replace(/\s+/g, " ")
      .trim();
  }
  window.__dkPlain = plain;

  function setAttr(el, name, value) {
    if (value === null) {
      if (el.hasAttribute(name)) el.removeAttribute(name);
    } else if (el.getAttribute(name) !== value) {
      el.setAttribute(name, value);
    }
  }

  function hexWords(hex) {
    try {
      const bytes = new Uint8Array(hex.match(/../g).map((h) => parseInt(h, 16)));
      return new TextDecoder().decode(bytes);
    } catch (e) {
      return "";
    }
  }

  function keyOf(el, prefix) {
    for (const name of el.classList) {
      if (name.startsWith("st-key-" + prefix)) return name.slice(7 + prefix.length);
    }
    return null;
  }

  // the text of the last heading before ``el`` (what a chart without a title is about)
  function headingBefore(el) {
    let found = "";
    for (const h of document.querySelectorAll("[data-testid='stMain'] h1, [data-testid='stMain'] h2, [data-testid='stMain'] h3, [data-testid='stMain'] h4")) {
      if (h.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) found = h.innerText.trim();
      else break;
    }
    return found;
  }

  function charts() {
    const defaults = new Set(["Vega visualization", config.chart, ""]);
    for (const chart of document.querySelectorAll("[data-testid='stVegaLiteChart']")) {
      const shown = (chart.getAttribute("aria-label") || "").trim();
      // what Vega wrote (the spec's description, or its default), unless it is our own name
      if (shown !== chart.dataset.dkName) chart.dataset.dkSource = shown;
      const source = chart.dataset.dkSource || "";
      const waiting = chart.dataset.dkFromTitle === "0"; // named before the title was drawn
      if (chart.getAttribute("role") === "img" && shown === chart.dataset.dkName && !waiting) continue;
      let name = source;
      if (defaults.has(source)) {
        // no summary in the spec: the chart's title and subtitle (once drawn)
        const title = [...chart.querySelectorAll(".role-title-text text, .role-title-subtitle text")]
          .map((t) => [...t.childNodes].map((n) => n.textContent.trim()).join(" "))
          .filter(Boolean);
        chart.dataset.dkFromTitle = title.length ? "1" : "0";
        name = title.length ? title.join(". ") : config.chart + ": " + headingBefore(chart);
      } else {
        delete chart.dataset.dkFromTitle;
      }
      name = plain(name);
      chart.dataset.dkName = name;
      setAttr(chart, "role", "img");
      setAttr(chart, "aria-roledescription", null);
      setAttr(chart, "aria-label", name);
    }
    for (const svg of document.querySelectorAll("[data-testid='stVegaLiteChart'] svg")) {
      setAttr(svg, "aria-hidden", "true");
    }
    // 1.4.10 Reflow: a chart wider than the column scrolls sideways in its own box (a11y.css); that
    // box then takes focus, so the keyboard can scroll it, and carries the chart's name
    for (const frame of document.querySelectorAll("[data-testid='stFullScreenFrame']")) {
      const chart = frame.querySelector("[data-testid='stVegaLiteChart']");
      if (!chart) continue;
      const scrolls = frame.scrollWidth > frame.clientWidth + 1;
      setAttr(frame, "tabindex", scrolls ? "0" : null);
      setAttr(frame, "role", scrolls ? "region" : null);
      setAttr(frame, "aria-label", scrolls ? chart.dataset.dkName || chart.getAttribute("aria-label") : null);
    }
  }

  // the words a control shows, without its icon (Material icons are ligatures: "download")
  function ownText(el) {
    const parts = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (node.parentElement.closest("[data-testid='stIconMaterial'], [aria-hidden='true']")) continue;
      parts.push(node.nodeValue);
    }
    return plain(parts.join(" "));
  }

  const groupWords = new WeakMap(); // a named group's words, decoded once
  function names() {
    for (const el of document.querySelectorAll("[aria-label*='*'], [aria-label*='_'], [aria-label*='`']")) {
      const label = el.getAttribute("aria-label");
      const clean = plain(label);
      if (clean && clean !== label) el.setAttribute("aria-label", clean);
    }
    for (const group of document.querySelectorAll("[class*='st-key-dkname-']")) {
      let words = groupWords.get(group);
      if (words === undefined) {
        words = hexWords((keyOf(group, "dkname-") || "").split("-")[0]);
        groupWords.set(group, words);
      }
      if (!words) continue;
      const controls = group.querySelectorAll("button, a[href], [data-testid='stExpander'] summary");
      for (const control of controls) {
        // named already (a button's words do not change while it stands): nothing to read again
        if (control.dataset.dkNamed && control.getAttribute("aria-label") === control.dataset.dkNamed) continue;
        if (control.closest("[data-testid='stElementToolbar']")) continue; // a chart's or table's own
        const own = ownText(control);
        if (!own) continue;
        const name = own + " " + words;
        control.dataset.dkNamed = name;
        setAttr(control, "aria-label", name);
      }
    }
  }

  // Streamlit names its Material icons "check icon", "save icon" (in English); every icon in the
  // app stands next to its words, so they are decoration
  function icons() {
    for (const icon of document.querySelectorAll("[role='img'][aria-label$=' icon']")) {
      if (/^[a-z_]+ icon$/.test(icon.getAttribute("aria-label"))) {
        setAttr(icon, "aria-hidden", "true");
      }
    }
  }

  function statuses() {
    const selector = config.statusKeys.map((k) => "[class*='st-key-" + k + "']").join(", ");
    for (const box of document.querySelectorAll(selector)) {
      setAttr(box, "role", "status");
      setAttr(box, "aria-live", "polite");
    }
  }

  // 4.1.2: a slider's meaning in words is tied to it (aria-describedby): the sentence under a
  // balance slider ("Privacy weegt duidelijk zwaarder") describes the slider right before it; the
  // scales' explanation on Waarden (a container keyed ``values-scales``) every slider of a card.
  function describe(input, id) {
    const ids = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    if (!ids.includes(id)) setAttr(input, "aria-describedby", ids.concat([id]).join(" "));
  }
  const wordsSelector = () => config.balanceWords.map((k) => "[class*='st-key-" + k + "']").join(", ");
  function descriptions() {
    const words = document.querySelectorAll(wordsSelector());
    const scales = document.querySelector(".st-key-values-scales");
    if (!words.length && !scales) return;
    const ranges = [...document.querySelectorAll("[data-testid='stSlider'] input[type='range']")];
    for (const box of words) {
      if (!box.id) box.id = "dk-words-" + ++ids;
      let last = null;
      for (const r of ranges) {
        if (r.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING) last = r;
        else break;
      }
      if (last) describe(last, box.id);
    }
    if (scales) {
      if (!scales.id) scales.id = "dk-scales";
      for (const r of ranges) if (r.closest("[class*='st-key-values-card-']")) describe(r, scales.id);
    }
  }

  let ids = 0;
  function fields() {
    for (const box of document.querySelectorAll("[class*='st-key-dkfield-']")) {
      const required = [...box.classList].some((c) => c.startsWith("st-key-dkfield-req-"));
      const inputs = box.querySelectorAll("input:not([type='hidden']), textarea");
      const error = box.querySelector(
        "[class*='st-key-refused-'] [data-testid='stAlert'], [class*='st-key-dkerror-'] [data-testid='stAlert']"
      );
      let id = null;
      if (error) {
        if (!error.id) error.id = "dk-error-" + ++ids;
        id = error.id;
      }
      for (const input of inputs) {
        setAttr(input, "aria-required", required ? "true" : null);
        setAttr(input, "aria-invalid", id ? "true" : null);
        const before = (input.getAttribute("aria-describedby") || "")
          .split(/\s+/)
          .filter((x) => x && !x.startsWith("dk-error-"));
        if (id) before.push(id);
        setAttr(input, "aria-describedby", before.length ? before.join(" ") : null);
      }
    }
  }

  // ------------------------------------------------------------------ focus (2.4.3)

  function idle() {
    const app = document.querySelector("[data-testid='stApp']");
    return app && app.getAttribute("data-test-script-state") === "notRunning";
  }

  function focusable(el) {
    return el.matches(
      "button:not([disabled]), a[href], input:not([type='hidden']):not([disabled]), textarea, select, [tabindex]:not([tabindex='-1'])"
    );
  }

  function focusOn(el, inside) {
    let target = el;
    if (inside && !focusable(el)) {
      const found = el.querySelector(
        "input:not([type='hidden']):not([disabled]), textarea, button:not([disabled]), a[href], [tabindex]:not([tabindex='-1'])"
      );
      if (found) target = found;
    }
    if (!focusable(target)) {
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.setAttribute("data-dk-focus-target", "");
    }
    target.focus({ preventScroll: false });
    target.scrollIntoView({ block: "nearest" });
    return document.activeElement === target;
  }

  // a request whose element never comes (the action failed in another way) is given up after a
  // few seconds of the app being idle, so it cannot hold back the heading's focus for ever
  let idleSince = null;
  function pendingFocus() {
    const wanted = window.__dkA11y.focus;
    if (!wanted || window.__dkFocusDone === wanted.nonce) return;
    if (!idle()) {
      idleSince = null;
      return;
    }
    const el = document.querySelector(wanted.target);
    if (!el) {
      if (idleSince === null) {
        idleSince = performance.now();
        setTimeout(pendingFocus, 3100);
      } else if (performance.now() - idleSince > 3000) {
        window.__dkFocusDone = wanted.nonce;
      }
      return;
    }
    if (focusOn(el, wanted.inside !== false)) window.__dkFocusDone = wanted.nonce;
  }

  let lastPath = location.pathname;
  let headingWanted = false;
  function pageChange() {
    if (location.pathname !== lastPath) {
      lastPath = location.pathname;
      headingWanted = true;
    }
    if (!headingWanted || !idle()) return;
    const wanted = window.__dkA11y.focus;
    if (wanted && window.__dkFocusDone !== wanted.nonce) return; // a request of the app comes first
    const heading = document.querySelector("[data-testid='stMain'] h1");
    if (!heading) return;
    headingWanted = false;
    const active = document.activeElement;
    // only when focus was lost to the page (a link followed); never take it from a field
    if (active && active !== document.body && !active.closest("[data-testid='stSidebar'], [data-testid='stMain'] a"))
      return;
    focusOn(heading, false);
  }

  function all() {
    charts();
    names();
    icons();
    statuses();
    descriptions();
    fields();
    pendingFocus();
    pageChange();
  }

  window.__dkA11yAll = all; // for measuring its cost (tests, benchmarks)
  window.__dkA11yParts = { charts, names, icons, statuses, descriptions, fields };
  if (!window.__dkA11yObserver) {
    // Once a frame while the app is idle; during a run not at all: the end of the run changes the
    // app's script state, which brings this here again. (A run changes the page in several steps,
    // and going over the whole page after each was most of this script's cost per slider move,
    // bench/slider_speed.py.)
    let queued = false;
    const app = () => document.querySelector("[data-testid='stApp']");
    const later = () => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => {
        queued = false;
        const shown = app();
        if (shown && shown.getAttribute("data-test-script-state") === "running") return;
        all();
      });
    };
    window.__dkA11yObserver = new MutationObserver(later);
    window.__dkA11yObserver.observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ["aria-label", "role", "data-test-script-state", "class"],
    });
    window.addEventListener("popstate", later);
    // a link from a summary of problems to its field ("#dkfield-…"): focus goes to the field
    document.addEventListener(
      "click",
      (event) => {
        const link = event.target.closest && event.target.closest("a[href^='#dkfield-']");
        if (!link) return;
        const box = document.querySelector(".st-key-" + link.getAttribute("href").slice(1));
        if (!box) return;
        event.preventDefault();
        event.stopPropagation();
        focusOn(box, true);
      },
      true
    );
  }
  all();
})();
