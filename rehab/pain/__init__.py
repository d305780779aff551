"""The diaries: pain entries (:mod:`.diary`), per-workout intent and feel (:mod:`.sessions`) and pain read
out of free-text workout notes (:mod:`.notes`).

Writes and reads its own tables through :mod:`rehab.storage`; may import :mod:`rehab.words`. Reading a
diary *file* (pain or session CSV) is an import and lives in :mod:`rehab.imports`.
"""
