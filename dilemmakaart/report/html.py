"""The report as one self-contained HTML file: CSS inline, charts as data-URI SVG images.

It opens offline and asks nothing of any other host: no scripts, no web fonts, no external
images. Every piece of user text goes through ``html.escape``.
"""

from __future__ import annotations

import base64
from html import escape

from dilemmakaart.report.blocks import Bullets, Facts, Figure, Heading, PageBreak, Para, Report, Table

CSS = """
:root { --ink: #1a1a1a; --muted: #4d4d4d; --line: #c8c8c8; --head: #f0f2f4; --accent: #0b3d66; }
* { box-sizing: border-box; }
html { font-size: 16px; }
body { margin: 0; color: var(--ink); background: #fff;
  font-family: "Segoe UI", "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; line-height: 1.5; }
main { max-width: 54rem; margin: 0 auto; padding: 2.5rem 1.5rem 4rem; }
header.cover { border-bottom: 3px solid var(--accent); padding-bottom: 1rem; margin-bottom: 2rem; }
.kind { text-transform: uppercase; letter-spacing: .08em; font-size: .8rem; color: var(--accent); margin: 0; font-weight: 600; }
h1 { font-size: 2rem; line-height: 1.2; margin: .3rem 0 .4rem; }
.org { font-size: 1.15rem; margin: 0 0 .3rem; }
.meta { color: var(--muted); margin: 0; font-size: .9rem; }
h2 { font-size: 1.4rem; color: var(--accent); margin: 2.4rem 0 .6rem; padding-bottom: .2rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.1rem; margin: 1.5rem 0 .4rem; }
h3 .dot { display: inline-block; width: .8em; height: .8em; border-radius: 50%; margin-right: .4em; vertical-align: baseline; }
p { margin: .4rem 0 .7rem; white-space: pre-line; overflow-wrap: break-word; }
p.muted { color: var(--muted); font-size: .92rem; }
p.strong { font-weight: 600; }
ul { margin: .3rem 0 .9rem; padding-left: 1.4rem; }
li { margin: .2rem 0; overflow-wrap: break-word; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.2rem; font-size: .9rem; }
th, td { border: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; overflow-wrap: break-word; }
th { background: var(--head); font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
table.facts th { width: 30%; }
figure { margin: 1.2rem 0 2rem; page-break-inside: avoid; break-inside: avoid; }
figure img { display: block; max-width: 100%; height: auto; margin: 0 auto; }
figcaption { color: var(--muted); font-size: .9rem; margin-top: .4rem; }
figcaption strong { color: var(--ink); }
details { margin-top: .4rem; }
summary { cursor: pointer; color: var(--accent); }
footer { margin-top: 3rem; color: var(--muted); font-size: .85rem; border-top: 1px solid var(--line); padding-top: .6rem; }
@media print {
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; } h3 { break-after: avoid; }
  tr { break-inside: avoid; }
  details > *:not(summary) { display: block; }
  .pagebreak { break-before: page; }
}
""".strip()


def render_html(report: Report) -> str:
    e = escape
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{e(report.lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # the strongest promise that nothing is fetched: the browser itself refuses other hosts
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">",
        f"<title>{e(report.title)} — {e(report.kind)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        '<header class="cover">',
        f'<p class="kind">{e(report.kind)}</p>',
        f"<h1>{e(report.title)}</h1>",
    ]
    if report.subtitle:
        out.append(f'<p class="org">{e(report.subtitle)}</p>')
    out.append(f'<p class="meta">{e(report.meta)}</p>')
    out.append("</header>")
    pending_break = False
    for block in report.blocks:
        if isinstance(block, PageBreak):
            pending_break = True
            continue
        cls = ' class="pagebreak"' if pending_break else ""
        pending_break = False
        if isinstance(block, Heading):
            tag = "h2" if block.level == 1 else "h3"
            dot = (
                f'<span class="dot" style="background:{e(block.colour)}" aria-hidden="true"></span>'
                if block.colour
                else ""
            )
            out.append(f"<{tag}{cls}>{dot}{e(block.text)}</{tag}>")
        elif isinstance(block, Para):
            style = "" if block.style == "body" else f' class="{e(block.style)}"'
            out.append(f"<p{style}>{e(block.text)}</p>")
        elif isinstance(block, Bullets):
            out.append("<ul>" + "".join(f"<li>{e(item)}</li>" for item in block.items) + "</ul>")
        elif isinstance(block, Facts):
            rows = "".join(f'<tr><th scope="row">{e(k)}</th><td>{e(v)}</td></tr>' for k, v in block.rows)
            out.append(f'<table class="facts"><tbody>{rows}</tbody></table>')
        elif isinstance(block, Table):
            out.append(_table(block))
        elif isinstance(block, Figure):
            out.append(_figure(block))
    out += [
        f"<footer>{e(report.kind)} · {e(report.title)} · {e(report.meta)}</footer>",
        "</main>",
        "</body>",
        "</html>",
    ]
    return "\n".join(out) + "\n"


def _table(table: Table) -> str:
    e = escape
    total = sum(table.widths) or 1
    cols = "".join(f'<col style="width:{w / total * 100:.1f}%">' for w in table.widths)
    num = ' class="num"'
    head = "".join(
        f'<th scope="col"{num if i in table.numeric else ""}>{e(c)}</th>' for i, c in enumerate(table.columns)
    )
    body = "".join(
        "<tr>" + "".join(f"<td{num if i in table.numeric else ''}>{e(c)}</td>" for i, c in enumerate(row)) + "</tr>"
        for row in table.rows
    )
    caption = f"<caption>{e(table.caption)}</caption>" if table.caption else ""
    return f"<table>{caption}<colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _figure(fig: Figure) -> str:
    e = escape
    alt = " ".join(fig.sentences) or fig.title
    parts = ["<figure>"]
    width = f"{fig.width_cm / 16 * 100:.0f}%"
    if fig.svg:
        data = base64.b64encode(fig.svg.encode("utf-8")).decode("ascii")
        parts.append(f'<img src="data:image/svg+xml;base64,{data}" alt="{e(alt)}" style="width:{width}">')
    elif fig.png:
        data = base64.b64encode(fig.png).decode("ascii")
        parts.append(f'<img src="data:image/png;base64,{data}" alt="{e(alt)}" style="width:{width}">')
    parts.append(f"<figcaption><strong>{e(fig.title)}.</strong> {e(fig.caption)}</figcaption>")
    if fig.sentences or fig.table:
        inner = "".join(f"<p>{e(s)}</p>" for s in fig.sentences)
        if fig.table:
            inner += _table(fig.table)
        if fig.svg or fig.png:
            parts.append(f"<details><summary>{e(fig.words)}: {e(fig.title.lower())}</summary>{inner}</details>")
        else:
            parts.append(inner)
    parts.append("</figure>")
    return "".join(parts)
