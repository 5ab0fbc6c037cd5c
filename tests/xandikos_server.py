"""A real Xandikos CalDAV server for tests and benchmarks (the second server, so that
leanmeet is not tuned to Radicale's quirks).

``XandikosServer`` runs ``python -m xandikos serve`` as a subprocess on 127.0.0.1 with its
git-backed storage in a temporary folder (no authentication; collections are made by the
tests with MKCOL / MKCALENDAR, as on Radicale), waits (bounded) until the port answers, and
stops it on ``stop()``. ``serve`` is the body of a module-scoped fixture.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.radicale_server import end, free_port, launch


class XandikosServer:
    def __init__(self, folder: Path | None = None):
        self._own_folder = folder is None
        self.folder = Path(folder or tempfile.mkdtemp(prefix="leanmeet-xandikos-"))
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self) -> XandikosServer:
        self.folder.mkdir(parents=True, exist_ok=True)
        args = [sys.executable, "-m", "xandikos", "serve", "-d", str(self.folder / "data"),
                "-l", "127.0.0.1", "-p", str(self.port), "--autocreate",
                "--no-detect-systemd", "--state-dir", str(self.folder / "state")]
        self.process = launch("Xandikos", args, self.port)
        return self

    def stop(self) -> None:
        end(self.process)
        self.process = None

    def cleanup(self) -> None:
        self.stop()
        if self._own_folder:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> XandikosServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.cleanup()


def serve(tmp_path_factory):
    server = XandikosServer(tmp_path_factory.mktemp("xandikos")).start()
    try:
        yield server
    finally:
        server.cleanup()
