"""Sync with a CalDAV server: the facade of storage.caldav (one module per job there).

The command line (and the TUI) use these names; see storage/caldav/__init__.py for which
module does what, storage/caldav/shared.py for how decisions are shared without loss, and
storage/caldav/client.py for where the ``caldav`` library is used and where it falls short.
"""

from __future__ import annotations

from leanmeet.storage.caldav.client import DEFAULT_TIMEOUT, Listing, RemoteCalendar, Server
from leanmeet.storage.caldav.objects import (
    canonical_hash,
    normalize_href,
    object_name,
    object_uid,
    split_objects,
)
from leanmeet.storage.caldav.pull import PullResult, new_contradictions, pull
from leanmeet.storage.caldav.push import PushInterrupted, PushResult, choose_target, push
from leanmeet.storage.caldav.state import (
    CAL_TABLE,
    FEED_PREFIX,
    OBJ_TABLE,
    ORIGIN_PREFIX,
    known_calendars,
    load_state,
    reported_contradictions,
    save_reported,
)
from leanmeet.storage.caldav.transport import (
    LoginNeeded,
    SyncError,
    SyncUsageError,
    public_url,
)

__all__ = [
    "CAL_TABLE", "DEFAULT_TIMEOUT", "FEED_PREFIX", "Listing", "LoginNeeded", "OBJ_TABLE",
    "ORIGIN_PREFIX", "PullResult", "PushInterrupted", "PushResult", "RemoteCalendar",
    "Server", "SyncError", "SyncUsageError", "canonical_hash", "choose_target",
    "known_calendars", "load_state", "new_contradictions", "normalize_href", "object_name",
    "object_uid", "public_url", "pull", "push", "reported_contradictions", "save_reported",
    "split_objects",
]
