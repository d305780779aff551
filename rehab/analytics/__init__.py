"""Analytics: pure functions of the stored data.

Owns where each set sits on the spectrum of rehab exercise intensity (:mod:`.spectrum`), which body areas an
exercise loads and which pain belongs to it (:mod:`.areas`), and weekly/daily trends (:mod:`.metrics`).
May import :mod:`rehab.storage` (area overrides), :mod:`rehab.pain` and :mod:`rehab.words`; never the
advice, the output or Streamlit.
"""
