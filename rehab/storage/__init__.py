"""The store: everything that knows tables and connections.

Owns opening a store and keeping its schema current (:mod:`.db`: connect, migrations, the
``transaction()`` context manager, locks), the backends beyond one local file (:mod:`.backends`: DuckLake,
MotherDuck), whose data a connection sees (:mod:`.workspace`), read-only share links (:mod:`.share`) and the
read queries the pages and CLI share (:mod:`.queries`). May import :mod:`rehab.words`, :mod:`rehab.config`
and :mod:`rehab.errors` only: nothing here knows a file format, a rule or a chart.
"""
