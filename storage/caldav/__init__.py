"""CalDAV sync: the shared store of an office (SPEC §9), one module per job.

  transport.py  the bounds under the ``caldav`` library's client: answer size cap, one
                deadline for the whole sync, retries of slow attempts, worker threads
  client.py     the protocol client: discovery, listings, downloads, conditional writes
  objects.py    calendar objects as text: one per UID, stable names, canonical hashes
  state.py      the sync state kept in the database (etags, sync-tokens, decision base)
  shared.py     the shared decisions: one object per slot, the three-way merge by time
  pull.py       pull: calendars into feeds, shared decisions merged into the local ones
  push.py       push: the plan and the shared decisions to the target calendar

storage.caldav_sync is the facade the command line uses.
"""
