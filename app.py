"""The entry script: every page of the app runs through here (see dilemmakaart/ui/pages.py)."""

from dilemmakaart.ui.bootstrap import run_app

run_app()
