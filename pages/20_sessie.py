"""Run a group session: join code and QR, blind round, reveal, second round, save in the case."""

from dilemmakaart.ui.bootstrap import page
from dilemmakaart.ui.session_facilitator import facilitator_page, is_projector

ctx = page(nav=not is_projector())
facilitator_page(ctx)
