"""App sync: workouts pulled from an app's API, stored as one undoable import batch per sync.

Owns the Hevy API client (:mod:`.hevy_api`), the sync itself (:mod:`.hevy`) and what a sync keeps beside the
sets — encrypted key, settings, which stored sets make up which workout (:mod:`.store`). May import
:mod:`rehab.imports` (the same staging and batch as a file import) and everything below it.
"""
