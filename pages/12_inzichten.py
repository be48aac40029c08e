"""insights: see dilemmakaart/ui/insights_page.py."""

from dilemmakaart.ui.bootstrap import page
from dilemmakaart.ui.insights_page import insights_page

ctx = page()
insights_page(ctx)
