"""The one atomic write of leanmeet: temp file beside the target, fsync, rename, fsync folder.

Every file leanmeet writes (database files, caches, settings, exports) goes through
:func:`write_atomically`, so a crash or ``kill -9`` leaves either the old file or the new one.
Only a regular file (or nothing) is ever replaced: a path that is, or links to, a FIFO, a
device or a folder is refused and left as it was.
"""

from __future__ import annotations

import os
import stat
import tempfile
from contextlib import suppress
from pathlib import Path


class NotARegularFile(OSError):
    """The target exists and is not a regular file (a FIFO, a device, a folder...)."""


def check_regular_or_missing(path: Path) -> Path:
    """Return the real path behind ``path`` if it is a regular file or does not exist yet.

    A symlink is followed; what it finally points at must be a regular file (or be missing).
    """
    real = Path(os.path.realpath(path))
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        return real
    if not stat.S_ISREG(mode):
        raise NotARegularFile(f"{path}: not a regular file; leanmeet only replaces regular files")
    return real


def write_atomically(path: str | os.PathLike[str], data: bytes | str, *,
                     keep_mode: bool = True, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never a mix.

    ``keep_mode`` keeps the permissions of the file being replaced (a new file gets the
    umask's); ``mode`` sets them instead (and reads no umask: safe to call from several
    threads at once). Text is written as UTF-8.
    """
    target = check_regular_or_missing(Path(path))
    payload = data.encode("utf-8") if isinstance(data, str) else data
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with open(fd, "wb") as handle:
            if mode is None and keep_mode:
                with suppress(FileNotFoundError):
                    mode = stat.S_IMODE(os.stat(target).st_mode)
            if mode is None:
                umask = os.umask(0)
                os.umask(umask)
                mode = 0o666 & ~umask
            os.fchmod(handle.fileno(), mode)
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_folder(target.parent)


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where folders cannot be opened)."""
    if os.name != "posix":
        return
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
