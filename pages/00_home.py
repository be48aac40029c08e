"""Home: what Dilemmakaart is, and the case library to look at or start from."""

from dilemmakaart.ui.bootstrap import page
from dilemmakaart.ui.home import home

ctx = page()
home(ctx)
