"""The product's words: how a date and a count are written for people (:mod:`.dates`, :mod:`.wording`), the
vocabularies of logs in six languages (:mod:`.vocab`), the body areas and their names (:mod:`.areas`) and
the session diary's words (:mod:`.sessions`).

Data and small pure functions only; imports nothing of ``rehab`` but :mod:`rehab.config`/:mod:`rehab.errors`,
so every layer may use it.
"""
