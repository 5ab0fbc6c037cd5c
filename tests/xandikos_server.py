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

from tests.radicale_server import free_port, wait_for_port


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
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        try:
            wait_for_port(self.port, process=self.process)
        except RuntimeError as exc:
            self.stop()
            raise RuntimeError(f"Xandikos did not start: {exc}") from None
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
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
