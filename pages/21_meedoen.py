"""Take part in a group session (by link, QR code or join code); no navigation for participants."""

from dilemmakaart.ui.bootstrap import page
from dilemmakaart.ui.session_participant import participant_page

ctx = page(nav=False)
participant_page(ctx)
