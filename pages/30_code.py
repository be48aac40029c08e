"""Browse the value code: foundations, principles, values, tensions, instruments."""

from dilemmakaart.ui.bootstrap import page
from dilemmakaart.ui.code_browser import code_browser

ctx = page()
code_browser(ctx)
