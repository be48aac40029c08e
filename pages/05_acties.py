"""Step 5: actions, the priority matrix, instruments to run next, and the decision."""

from dilemmakaart.ui.bootstrap import page
from dilemmakaart.ui.downloads import report_downloads
from dilemmakaart.ui.flow_actions import actions_page
from dilemmakaart.ui.flow_options import options_section, review_section

ctx = page()
case = actions_page(ctx)
options_section(ctx, case)
review_section(ctx, case)
# report downloads for this case come below this line
report_downloads(ctx, case)
