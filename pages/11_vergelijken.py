"""compare: see dilemmakaart/ui/compare_page.py."""

from dilemmakaart.ui.bootstrap import page
from dilemmakaart.ui.compare_page import compare_page

ctx = page("nav.compare")
compare_page(ctx)
