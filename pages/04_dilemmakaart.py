"""Step 4: the dilemma map, the value wheel and the trade-offs, each with a text equivalent."""

from dilemmakaart.ui.bootstrap import page
from dilemmakaart.ui.downloads import report_downloads
from dilemmakaart.ui.flow_map import map_page

ctx = page()
case = map_page(ctx)
# report downloads for this case come below this line
report_downloads(ctx, case)
