"""CalDAV push and pull speed (the shared office store): prints figures, asserts nothing.

  python benchmarks/bench_caldav.py [N] [radicale|xandikos ...]
      (default N = 2000, both servers; needs the test extra: radicale, xandikos)

For each server, started on 127.0.0.1 in a temporary folder, with N synthetic events
(benchmarks/synthetic.py, no series, so N objects) imported into a database:

  push         `leanmeet sync URL --calendar office --push` (a fresh process, as a user
               runs it) into an empty calendar
  floor        the same N conditional PUTs (If-None-Match: *) of the same objects from a
               plain HTTP client (http.client, persistent connections, as many in flight
               as leanmeet keeps, a 423/5xx answer tried again as leanmeet does) into an
               empty calendar of a fresh server (a server's writes slow down as its storage
               grows), once just before the push and once just after it (the machine's load
               drifts; the floor is their mean)
                                                                target: push <= 1.2x floor
  client CPU   what leanmeet's process and the floor's client threads spent on the CPU
               (leanmeet: starting, the plan, the requests, the database)
  push again   the same push with nothing changed: the PUTs it sends        (target 0)
  pull         `leanmeet sync URL --calendar office --pull` into an empty database
  floor        the same requests from a plain HTTP client: the PROPFIND of the calendar
               and the sync-collection REPORT with the bodies   target: pull <= 1.2x floor
  import       `leanmeet import` of the same events from a file: what a pull does after
               the requests (parse, store); pull is also shown next to floor + import

Every request (leanmeet's and the floor's) goes through a counting proxy on loopback,
which counts the requests of the second push.
"""

from __future__ import annotations

import http.client
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import generate  # noqa: E402

from leanmeet.storage.caldav.objects import object_name, split_objects  # noqa: E402
from leanmeet.storage.caldav.transport import WORKERS  # noqa: E402
from tests.radicale_server import CountingProxy, RadicaleServer  # noqa: E402
from tests.xandikos_server import XandikosServer  # noqa: E402

SERVERS = {"radicale": RadicaleServer, "xandikos": XandikosServer}


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def leanmeet(*args: str, env: dict) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "leanmeet.cli", *args], env=env,
                          capture_output=True, text=True, cwd=str(ROOT))
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"leanmeet {' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n"
                 f"{done.stderr}")
    return elapsed, done


def request(url: str, method: str, body: bytes = b"", headers: dict | None = None) -> bytes:
    req = urllib.request.Request(url, data=body or None, method=method, headers=headers or {})
    with urllib.request.urlopen(req, timeout=600) as response:
        return response.read()


def floor_push(calendar: str, objects: dict[str, str], connections: int
               ) -> tuple[float, int, float]:
    """The same PUTs from plain http.client; returns (seconds, retries after 423/5xx, CPU
    seconds of the client threads)."""
    parts = urllib.parse.urlsplit(calendar)
    items = [(parts.path + object_name(uid), text.encode("utf-8"))
             for uid, text in objects.items()]
    lock = threading.Lock()
    retries = [0]
    cpu = [0.0]

    def work(share: list[tuple[str, bytes]]) -> None:
        started = time.thread_time()
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=600)
        for path, body in share:
            while True:
                conn.request("PUT", urllib.parse.quote(path), body=body, headers={
                    "Content-Type": "text/calendar; charset=utf-8", "If-None-Match": "*"})
                response = conn.getresponse()
                response.read()
                if response.status in (200, 201, 204):
                    break
                if response.status == 423 or response.status >= 500:
                    with lock:
                        retries[0] += 1
                    time.sleep(0.02)
                    continue
                raise SystemExit(f"floor PUT {path}: HTTP {response.status}")
        conn.close()
        with lock:
            cpu[0] += time.thread_time() - started

    shares = [items[i::connections] for i in range(connections)]
    started = time.perf_counter()
    threads = [threading.Thread(target=work, args=(s,)) for s in shares]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - started, retries[0], cpu[0]


def floor_pull(calendar: str) -> float:
    parts = urllib.parse.urlsplit(calendar)
    started = time.perf_counter()
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=600)
    for method, depth, body in (
            ("PROPFIND", "0", b'<?xml version="1.0"?><d:propfind xmlns:d="DAV:" '
             b'xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:resourcetype/>'
             b"<d:displayname/><c:supported-calendar-component-set/></d:prop></d:propfind>"),
            ("REPORT", "1", b'<?xml version="1.0"?><d:sync-collection xmlns:d="DAV:" '
             b'xmlns:c="urn:ietf:params:xml:ns:caldav"><d:sync-token/><d:sync-level>1'
             b"</d:sync-level><d:prop><d:getetag/><c:calendar-data/></d:prop>"
             b"</d:sync-collection>")):
        conn.request(method, parts.path, body=body, headers={
            "Depth": depth, "Content-Type": "application/xml; charset=utf-8"})
        response = conn.getresponse()
        response.read()
    conn.close()
    return time.perf_counter() - started


def bench(kind: str, n: int, folder: Path, feed: Path, env: dict) -> None:
    db = str(folder / f"{kind}.json")
    t_import, _ = leanmeet("--db", db, "import", str(feed), env=env)
    plan = folder / f"{kind}-plan.ics"
    leanmeet("--db", db, "export", str(plan), "--from", "2025-11-01", "--to", "2029-12-31",
             env=env)
    objects = split_objects(plan.read_text(encoding="utf-8"))
    floors = []

    def floor(name: str) -> None:
        # a server of its own: a server's writes slow down as its storage grows (Radicale),
        # so every measurement starts from the same empty state
        with SERVERS[kind](folder / name) as server, CountingProxy(server.port) as proxy:
            request(proxy.url + "office/", "MKCOL")
            calendar = f"{proxy.url}office/office/"
            request(calendar, "MKCALENDAR")
            floors.append(floor_push(calendar, objects, WORKERS))

    floor(f"{kind}-floor-before")
    with SERVERS[kind](folder / kind) as server, CountingProxy(server.port) as proxy:
        # everything goes through the counting proxy, the floor too (the same overhead)
        request(proxy.url + "office/", "MKCOL")
        url = proxy.url + "office/"
        proxy.reset()
        cpu = children_cpu()
        t_push, pushed = leanmeet("--db", db, "sync", url, "--calendar", "office", "--push",
                                  env=env)
        cpu_push = children_cpu() - cpu
        push_requests = dict(proxy.methods)
        proxy.reset()
        t_again, again = leanmeet("--db", db, "sync", url, "--calendar", "office", "--push",
                                  env=env)
        again_requests = dict(proxy.methods)
        pulled_db = str(folder / f"{kind}-pull.json")
        t_pull, pulled = leanmeet("--db", pulled_db, "sync", url + "office/", "--pull",
                                  env=env)
        t_floor_pull = min(floor_pull(url + "office/") for _ in range(2))
    floor(f"{kind}-floor-after")
    mean = sum(f[0] for f in floors) / len(floors)
    print(f"\n{kind}: {n} events, {len(objects)} objects")
    print(f"  leanmeet push          {t_push:7.2f} s   {pushed.stdout.strip().splitlines()[-1]}")
    print(f"                                     requests {push_requests}")
    for (seconds, retries, _), when in zip(floors, ("before", "after"), strict=True):
        note = f", {retries} retries after 423/5xx" if retries else ""
        print(f"  floor {when:6s}           {seconds:7.2f} s   ({WORKERS} connections{note})")
    print(f"  push / floor           {t_push / mean:7.2f}x   (target <= 1.2x; the floor's mean)")
    print(f"  client CPU             {cpu_push:7.2f} s   leanmeet (the whole process); floor "
          f"{sum(f[2] for f in floors) / len(floors):.2f} s")
    print(f"  push again, no change  {t_again:7.2f} s   PUTs sent: "
          f"{again_requests.get('PUT', 0)} (target 0); requests {again_requests}")
    print(f"  leanmeet pull          {t_pull:7.2f} s   {pulled.stdout.strip().splitlines()[-1]}")
    print(f"  floor: the same requests {t_floor_pull:5.2f} s")
    print(f"  pull / floor           {t_pull / t_floor_pull:7.2f}x   (target <= 1.2x; leanmeet "
          "also parses and stores every event, and starts a process)")
    print(f"  leanmeet import        {t_import:7.2f} s   of the same events from a file (the "
          "parse-and-store part of a pull)")
    print(f"  pull / (floor+import)  {t_pull / (t_floor_pull + t_import):7.2f}x")


def main() -> None:
    args = sys.argv[1:]
    n = int(args.pop(0)) if args and args[0].isdigit() else 2000
    kinds = args or list(SERVERS)
    folder = Path(tempfile.mkdtemp(prefix="leanmeet-bench-caldav-"))
    feed = folder / "office.ics"
    feed.write_text(generate(n, series_every=0), encoding="utf-8", newline="")
    env = dict(os.environ, TZ="Asia/Shanghai")
    try:
        for kind in kinds:
            bench(kind, n, folder, feed, env)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
