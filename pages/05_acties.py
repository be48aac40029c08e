"""Step 5: actions, the priority matrix, instruments to run next; the options; the decision and its review."""

from dilemmakaart.ui.bootstrap import page
from dilemmakaart.ui.downloads import report_downloads
from dilemmakaart.ui.flow_actions import actions_page

ctx = page()
case = actions_page(ctx)  # one part at a time: the actions, the options, or the decision and its review
# report downloads for this case come below this line
report_downloads(ctx, case)
