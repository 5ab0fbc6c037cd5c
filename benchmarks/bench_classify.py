"""How well titles are classified on real titles (issue 10): prints figures only.

  python benchmarks/bench_classify.py [--errors] [--set labelled|heldout]

Reads tests/data/kind_titles.tsv (real event titles from public pages, labelled by the policy;
see tests/data/README.md). Ambiguous rows are left out of the score. For each set (the
labelled set the rules were built on, and the held-out set labelled after they were frozen)
it prints accuracy, per-kind precision and recall, false exemptions (anything wrongly
plenary: it hides a half-day violation) and false blocks (wrongly ceremony or commercial: a
leader is refused), and the time to classify every title once (cold, no cache).
"""

from __future__ import annotations

import csv
import sys
import time
from collections import Counter
from pathlib import Path

from leanmeet.planner.classify import Classifier
from leanmeet.planner.model import KINDS
from leanmeet.planner.rulebook import default_rulebook

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "kind_titles.tsv"
BLOCKING = ("ceremony", "commercial")


def load(path: Path = DATA) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def score(rows: list[dict[str, str]], predicted: list[str]) -> dict:
    pairs = [(r["kind"], p) for r, p in zip(rows, predicted) if r["ambiguous"] != "yes"]
    total = len(pairs)
    right = sum(1 for truth, guess in pairs if truth == guess)
    per_kind = {}
    for kind in KINDS:
        tp = sum(1 for t, g in pairs if t == kind and g == kind)
        fp = sum(1 for t, g in pairs if t != kind and g == kind)
        fn = sum(1 for t, g in pairs if t == kind and g != kind)
        per_kind[kind] = (tp, fp, fn)
    return {
        "total": total,
        "right": right,
        "accuracy": right / total if total else 0.0,
        "per_kind": per_kind,
        "false_exemptions": sum(1 for t, g in pairs if g == "plenary" and t != "plenary"),
        "false_blocks": sum(1 for t, g in pairs if g in BLOCKING and t not in BLOCKING),
        "missed_blocks": sum(1 for t, g in pairs if t in BLOCKING and g not in BLOCKING),
        "confusion": Counter((t, g) for t, g in pairs if t != g),
    }


def report(name: str, rows: list[dict[str, str]], predicted: list[str]) -> None:
    s = score(rows, predicted)
    chinese = sum(1 for r in rows if any("\u4e00" <= ch <= "\u9fff" for ch in r["title"]))
    ambiguous = sum(1 for r in rows if r["ambiguous"] == "yes")
    print(f"\n== {name}: {len(rows)} titles ({chinese} Chinese, {ambiguous} ambiguous, "
          f"{s['total']} scored)")
    print(f"accuracy          {s['accuracy']:.1%}  ({s['right']}/{s['total']}; floor 97%)")
    print(f"false exemptions  {s['false_exemptions']}  (wrongly plenary; floor 0)")
    print(f"false blocks      {s['false_blocks']}  (wrongly ceremony/commercial)")
    print(f"missed blocks     {s['missed_blocks']}  (ceremony/commercial read as another kind)")
    print(f"{'kind':<11} {'labelled':>8} {'precision':>10} {'recall':>8}")
    for kind, (tp, fp, fn) in s["per_kind"].items():
        labelled = tp + fn
        precision = tp / (tp + fp) if tp + fp else float("nan")
        recall = tp / labelled if labelled else float("nan")
        print(f"{kind:<11} {labelled:>8} {precision:>10.1%} {recall:>8.1%}")
    if s["confusion"]:
        print("confusions (label -> read):",
              ", ".join(f"{t}->{g} {n}" for (t, g), n in s["confusion"].most_common()))


def main(argv: list[str]) -> int:
    rows = load()
    only = argv[argv.index("--set") + 1] if "--set" in argv else None
    book = default_rulebook()
    start = time.perf_counter()
    classifier = Classifier(book.kinds)
    readings = [classifier.read_title(r["title"]) for r in rows]
    elapsed = time.perf_counter() - start
    start = time.perf_counter()
    for r in rows:
        classifier.read_title(r["title"])
    cached = time.perf_counter() - start
    print(f"{len(rows)} titles classified in {elapsed * 1000:.0f} ms cold "
          f"({elapsed / len(rows) * 1e6:.0f} µs each, OpenCC loading included), "
          f"{cached * 1000:.1f} ms cached")
    for name in dict.fromkeys(r["set"] for r in rows):
        if only and only != name:
            continue
        subset = [(r, x.kind) for r, x in zip(rows, readings) if r["set"] == name]
        if subset:
            report(name, [r for r, _ in subset], [k for _, k in subset])
    if "--errors" in argv:
        print("\nerrors:")
        for r, x in zip(rows, readings):
            if x.kind != r["kind"] and (not only or r["set"] == only):
                mark = "?" if r["ambiguous"] == "yes" else " "
                print(f" {mark} [{r['set'][:4]}] {r['kind']:>10} -> {x}  |  {r['title']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
