"""Step 3: weigh the dilemmas between two values."""

from dilemmakaart.ui.bootstrap import page
from dilemmakaart.ui.flow_weigh import weigh_page

ctx = page()
weigh_page(ctx)
