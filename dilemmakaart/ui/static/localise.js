// Streamlit's own words in the app's language, and the page's language for screen readers.
// (No less-than sign in this file: the HTML sanitiser drops a script that looks like it holds a tag.)
//
// Streamlit draws a few fixed English words itself ("Skip to main content", "Collapse sidebar",
// "Clear value", "Help for …", "No results" …) and leaves the page's lang="en". This script runs in
// the app's document (st.html with JavaScript, see dilemmakaart/ui/bootstrap.py: ``localise``),
// which first sets ``window.__dkLocale = {lang, table, region}``:
//   - lang: the app's language, set as the lang of the html element on every run;
//   - table: [Streamlit's English string, the same in the app's language] pairs from
//     dilemmakaart/locale/streamlit.yaml; "{name}" stands for a part Streamlit fills in;
//   - textPatterns: the strings with a "{name}" that may also be text on screen ("Add: {value}");
//     the others are only looked for in attributes ("Help for {label}");
//   - region: the name of the sidebar's scroll box, which takes keyboard focus (WCAG 2.1.1).
// One MutationObserver puts the translations in place whenever Streamlit draws something. It
// changes only aria-label, title and placeholder attributes, and text nodes that are exactly one of
// Streamlit's strings outside user content (Markdown, text, inputs). The original is remembered, so
// switching back to English restores Streamlit's words.
(function () {
  "use strict";
  const config = window.__dkLocale;
  if (!config) return;
  document.documentElement.lang = config.lang;

  const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const exact = new Map();
  const patterns = [];
  for (const [source, target] of config.table) {
    const parts = source.split(/(\{\w+\})/);
    if (parts.length === 1) {
      exact.set(source, target);
      continue;
    }
    const names = [];
    const body = parts
      .map((part) => {
        const name = part.match(/^\{(\w+)\}$/);
        if (name) {
          names.push(name[1]);
          return "(.+?)";
        }
        return escape(part);
      })
      .join("");
    patterns.push({
      regex: new RegExp("^" + body + "$"),
      names: names,
      target: target,
      inText: config.textPatterns.includes(source),
    });
  }

  // The translation of ``text`` (spaces around it kept), or null when it is none of Streamlit's.
  function lookup(text, inAttribute) {
    const core = text.trim();
    if (!core) return null;
    if (exact.has(core)) return text.replace(core, exact.get(core));
    for (const pattern of patterns) {
      if (!inAttribute && !pattern.inText) continue;
      const match = core.match(pattern.regex);
      if (!match) continue;
      let out = pattern.target;
      pattern.names.forEach((name, i) => {
        out = out.split("{" + name + "}").join(match[i + 1]);
      });
      return text.replace(core, out);
    }
    return null;
  }
  window.__dkLookup = lookup;

  if (!window.__dkObserver) {
    const ATTRIBUTES = ["aria-label", "title", "placeholder"];
    // where user text lives: never touched
    const USER_TEXT =
      "[data-testid='stMarkdownContainer'], [data-testid='stText'], [data-testid='stCode'], " +
      "textarea, input, [contenteditable='true'], [data-testid='stDataFrame'], [data-testid='stTable']";
    const seen = new WeakMap(); // node → {slot: [Streamlit's original, what we showed]}

    function apply(node, slot, current, inAttribute, write) {
      let record = seen.get(node);
      if (!record) {
        record = {};
        seen.set(node, record);
      }
      // what we wrote last time stands for Streamlit's original; anything else is new from Streamlit
      const source = record[slot] && record[slot][1] === current ? record[slot][0] : current;
      const shown = window.__dkLookup(source, inAttribute);
      if (shown === null) return;
      record[slot] = [source, shown];
      if (shown !== current) write(shown);
    }

    function element(el) {
      for (const name of ATTRIBUTES) {
        const value = el.getAttribute(name);
        if (value) apply(el, name, value, true, (shown) => el.setAttribute(name, shown));
      }
    }

    function text(node) {
      const parent = node.parentElement;
      if (!parent || parent.closest(USER_TEXT)) return;
      apply(node, "text", node.nodeValue, false, (shown) => {
        node.nodeValue = shown;
      });
    }

    function walk(root) {
      if (root.nodeType === Node.TEXT_NODE) return text(root);
      if (root.nodeType !== Node.ELEMENT_NODE) return;
      element(root);
      for (const el of root.querySelectorAll("[aria-label], [title], [placeholder]")) element(el);
      const texts = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      while (texts.nextNode()) text(texts.currentNode);
    }

    // The sidebar's scroll box takes keyboard focus, so its content can be scrolled without a
    // mouse whenever it is taller than the window (axe: scrollable-region-focusable). Always, not
    // only while it scrolls: its height changes during every rerun, faster than any check.
    function sidebar() {
      const box = document.querySelector("[data-testid='stSidebarContent']");
      if (!box) return;
      if (box.getAttribute("tabindex") !== "0") box.setAttribute("tabindex", "0");
      if (box.getAttribute("role") !== "region") box.setAttribute("role", "region");
      if (box.getAttribute("aria-label") !== window.__dkLocale.region) {
        box.setAttribute("aria-label", window.__dkLocale.region);
      }
    }

    window.__dkTranslateAll = function () {
      document.documentElement.lang = window.__dkLocale.lang;
      walk(document.body);
      sidebar();
    };
    window.__dkObserver = new MutationObserver((mutations) => {
      for (const m of mutations) {
        if (m.type === "childList") m.addedNodes.forEach(walk);
        else if (m.type === "attributes") element(m.target);
        else if (m.type === "characterData") text(m.target);
      }
      sidebar();
    });
    window.__dkObserver.observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: ATTRIBUTES,
    });
    // Streamlit sets the page's lang nowhere, but keep it right if anything else does
    new MutationObserver(() => {
      if (document.documentElement.lang !== window.__dkLocale.lang) {
        document.documentElement.lang = window.__dkLocale.lang;
      }
    }).observe(document.documentElement, { attributes: true, attributeFilter: ["lang"] });
  }
  window.__dkTranslateAll();
})();
