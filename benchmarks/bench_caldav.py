"""CalDAV pull speed (the shared office store): prints figures, asserts nothing.

  python benchmarks/bench_caldav.py [N]      (default N = 5000; needs `radicale`, the test extra)

Starts a Radicale on 127.0.0.1 (a temporary folder, no authentication), uploads N synthetic
events as N calendar objects (one PUT of the calendar onto the collection: Radicale stores
one object per UID, so this takes seconds instead of minutes of single PUTs), lets Radicale
build its caches with one listing, then measures, each as a fresh `leanmeet` process:

  import      `leanmeet import` of the same events from a file into an empty database
  pull        `leanmeet sync URL --pull` into an empty database   (target: <= 2x import)
  pull again  the same with nothing changed on the server   (target: 0 event bodies)

The pulls go through a counting proxy on loopback, which counts the requests and the event
bodies that really went over the wire.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import generate  # noqa: E402

from tests.radicale_server import CountingProxy, RadicaleServer  # noqa: E402


def leanmeet(*args: str, env: dict) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "leanmeet.cli", *args], env=env,
                          capture_output=True, text=True, cwd=str(ROOT))
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"leanmeet {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    return elapsed, done


def request(url: str, method: str, body: bytes = b"", headers: dict | None = None) -> bytes:
    req = urllib.request.Request(url, data=body or None, method=method, headers=headers or {})
    with urllib.request.urlopen(req, timeout=600) as response:
        return response.read()


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    folder = Path(tempfile.mkdtemp(prefix="leanmeet-bench-caldav-"))
    text = generate(n)
    feed = folder / "office.ics"
    feed.write_text(text, encoding="utf-8", newline="")
    env = dict(os.environ, TZ="Asia/Shanghai")
    with RadicaleServer(folder / "radicale") as server:
        request(server.url + "office/", "MKCOL")
        calendar = server.url + "office/calendar/"
        started = time.perf_counter()
        request(calendar, "PUT", text.encode("utf-8"),
                {"Content-Type": "text/calendar; charset=utf-8"})
        listing = request(calendar, "PROPFIND", b'<?xml version="1.0"?><propfind xmlns="DAV:">'
                          b"<prop><getetag/></prop></propfind>", {"Depth": "1"})
        objects = len(re.findall(rb"<response>", listing)) - 1
        sync = (b'<?xml version="1.0"?><sync-collection xmlns="DAV:"><sync-token/>'
                b"<sync-level>1</sync-level><prop><getetag/></prop></sync-collection>")
        request(calendar, "REPORT", sync, {"Depth": "1", "Content-Type": "application/xml"})
        upload = time.perf_counter() - started

        t_import, _ = leanmeet("--db", str(folder / "import.json"), "import", str(feed),
                               env=env)
        with CountingProxy(server.port) as proxy:
            url = proxy.url + "office/"
            db = str(folder / "pull.json")
            t_pull, first = leanmeet("--db", db, "sync", url, "--pull", env=env)
            first_requests, first_bodies = dict(proxy.methods), proxy.bodies
            proxy.reset()
            t_again, again = leanmeet("--db", db, "sync", url, "--pull", env=env)
            again_requests, again_bodies = dict(proxy.methods), proxy.bodies
    print(f"events                     {n} ({objects} objects on the server; upload and "
          f"server warm-up {upload:.1f} s)")
    print(f"leanmeet import (file)     {t_import:.2f} s")
    print(f"leanmeet sync --pull       {t_pull:.2f} s  = {t_pull / t_import:.2f}x import  "
          f"(target <= 2x); {first_bodies} event bodies, requests {first_requests}")
    print(f"  {first.stdout.strip()}")
    print(f"second pull, no change     {t_again:.2f} s; {again_bodies} event bodies downloaded "
          f"(target 0), requests {again_requests}")
    print(f"  {again.stdout.strip()}")


if __name__ == "__main__":
    main()
