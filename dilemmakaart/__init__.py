"""Dilemmakaart: deliberate the ethical dilemmas of digital government projects.

The package holds the domain (value code, cases, library, analysis, charts, reports);
only ``dilemmakaart.ui`` imports Streamlit.
"""

__version__ = "0.1.0"
