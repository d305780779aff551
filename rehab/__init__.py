"""rehab: import workout logs, place them on the rehab-intensity spectrum, flag when to switch.

A plain library (no Streamlit): the dashboard in ``pages/`` and the command line
(``python -m rehab``) are thin layers over it.
"""

__version__ = "0.1.0"
