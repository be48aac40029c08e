"""library: see dilemmakaart/ui/library_page.py."""

from dilemmakaart.ui.bootstrap import page
from dilemmakaart.ui.library_page import library_page

ctx = page()
library_page(ctx)
