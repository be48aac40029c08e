"""Step 1: describe the project."""

from dilemmakaart.ui.bootstrap import page
from dilemmakaart.ui.flow_describe import describe_page

ctx = page()
describe_page(ctx)
