"""compare: see dilemmakaart/ui/compare_page.py."""

from dilemmakaart.ui.bootstrap import page
from dilemmakaart.ui.compare_page import compare_page

ctx = page()
compare_page(ctx)
