"""Data written into a ``<script>`` element of the page, as a JavaScript literal that no value can
break out of.

The app writes two scripts itself (``bootstrap.localise``: the interface words and a focus request;
``cookies.set_cookie``: a token the server made). Their data goes in as JSON, and the two sequences
that let text inside a script element end it or change how the browser reads the rest are escaped:
``</`` (``</script>``) and ``<!--`` (which with a later ``<script`` keeps the element open). JSON
string escapes keep the value itself unchanged for the script."""

from __future__ import annotations

import json


def script_literal(value: object) -> str:
    """``value`` as a JavaScript literal (JSON) that is safe inside a ``<script>`` element."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/").replace("<!--", "<\\u0021--")
