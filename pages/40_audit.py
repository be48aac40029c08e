"""The audit trail (beheerder only): see dilemmakaart/ui/audit_page.py."""

from dilemmakaart.ui.audit_page import audit_page
from dilemmakaart.ui.bootstrap import page

ctx = page()
audit_page(ctx)
