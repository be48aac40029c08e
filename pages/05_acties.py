"""Step 5: actions, the priority matrix, instruments to run next, and the decision."""

from dilemmakaart.ui.bootstrap import page
from dilemmakaart.ui.downloads import report_downloads
from dilemmakaart.ui.flow_actions import actions_page

ctx = page()
case = actions_page(ctx)
# report downloads for this case come below this line
report_downloads(ctx, case)
