"""A second leanmeet process for tests/test_db.py (run as a script, never imported by pytest).

db_worker.py count PATH N WORKER   wait for a line on stdin, then do N locked increments
db_worker.py churn PATH DOCS       rewrite a DOCS-document database forever; print "ready"
                                   after the first complete write
db_worker.py hold PATH             take the write lock, print "locked", hold it until stdin
                                   closes or sends a line
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository root

from leanmeet.storage.db import Database


def count(db: Database, n: int, worker: str) -> None:
    sys.stdin.readline()  # start together with the other worker
    for i in range(n):
        with db.write() as t:
            counter = t.table("counter")
            seen = counter.get(doc_id=1)
            value = seen["value"] if seen else 0
            if seen:
                counter.update({"value": value + 1}, doc_ids=[1])
            else:
                counter.insert({"value": 1})
            t.table("records").insert({"worker": worker, "i": i, "seen": value})


def churn(db: Database, docs: int) -> None:
    ready = False
    while True:
        with db.write() as t:
            state = t.table("state")
            generation = state.all()[0]["gen"] + 1 if len(state) else 1
            table = t.table("docs")
            table.remove(doc_ids=[d.doc_id for d in table.all()])
            rows = [
                {"n": k, "gen": generation, "v": (k * generation) % 997, "text": f"会议纪要 {k}"}
                for k in range(docs)
            ]
            table.insert_multiple(rows)
            state.truncate()  # the checksum the test compares with the documents
            state.insert({"gen": generation, "count": docs, "sum": sum(r["v"] for r in rows)})
        if not ready:
            print("ready", flush=True)
            ready = True


def hold(db: Database) -> None:
    with db.write():
        print("locked", flush=True)
        sys.stdin.readline()


def main(argv: list[str]) -> None:
    command, path = argv[0], argv[1]
    db = Database(path)
    if command == "count":
        count(db, int(argv[2]), argv[3])
    elif command == "churn":
        churn(db, int(argv[2]))
    elif command == "hold":
        hold(db)
    else:
        raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
