"""The paper workshop: the worksheet, the CSV template, and paper answers typed in as a group profile."""

from dilemmakaart.ui.bootstrap import page
from dilemmakaart.ui.paper_page import paper_page

ctx = page()
paper_page(ctx)
