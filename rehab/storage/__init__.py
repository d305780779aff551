"""The store: everything that knows tables and connections.

Bottom first (a module imports only those above it in this list):

* :mod:`.locks` — one :class:`~.locks.WriteLock` per database, handed out as an object;
* :mod:`.transactions` — ``with transaction(con, lock) as cur:`` (lock held, BEGIN, COMMIT or ROLLBACK on
  any escape), :func:`~.transactions.write` (the same, retried on a write-write conflict), ``one()``;
* :mod:`.backends` — stores beyond one local file (DuckLake, MotherDuck) and the PostgreSQL lock that
  makes a DuckLake's write lock hold across servers;
* :mod:`.schema` — migrations, which tables are user data, import batches and their removal;
* :mod:`.db` — ``connect``: open, check and migrate a store;
* :mod:`.workspace` — whose data a connection sees (:class:`~.workspace.Store`);
* :mod:`.share` — read-only share links (of a workspace), :mod:`.queries` — the read queries the pages and
  CLI share.

``.importlinter`` holds the store to this order.

Locks: a writer passes the lock of the database it writes, or ``None``, which means *the lock of the
connection's own database* (:func:`~.locks.lock_of`: found from the connection, so two writers of one
database always meet on one lock however they were called). ``store.lock(ws)`` is that same object for a
workspace; a shared store's locks also take its cross-process lock. No lock is named by a string.

May import :mod:`rehab.words`, :mod:`rehab.config` and :mod:`rehab.errors` only: nothing here knows a file
format, a rule or a chart.
"""
