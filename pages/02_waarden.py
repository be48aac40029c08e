"""Step 2: the values at stake, with weight, effect and note; the clickable value wheel."""

from dilemmakaart.ui.bootstrap import page
from dilemmakaart.ui.flow_values import values_page

ctx = page()
values_page(ctx)
