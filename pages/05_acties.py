"""Step 5: actions, the priority matrix, instruments to run next; the options; the decision and its review."""

from dilemmakaart.ui.bootstrap import page
from dilemmakaart.ui.downloads import report_downloads
from dilemmakaart.ui.flow_actions import actions_page, report_here

ctx = page()
case = actions_page(ctx)  # one part at a time: the actions, the options, or the decision and its review
# report downloads for this case come below this line (in the decision's part, which the report goes with)
if report_here():
    report_downloads(ctx, case)
