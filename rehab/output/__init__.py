"""What leaves the app: Altair chart specs (:mod:`.charts`), the clinician report (:mod:`.report`: HTML and
PDF) and a workspace's export and exact restore (:mod:`.export`).

May import :class:`rehab.analysis.Analysis` and everything below it; never Streamlit (pages draw these specs).
"""
