"""From passing pairs to groups: union-find, then every pair inside a group must pass.

A connected component of passing pairs becomes one group when it is small enough and
complete (every pair in it passes). Otherwise it is split greedily: pairs are taken best
score first (ties by the members' order, so the result does not depend on input order), and
two clusters join only when every pair across them passes and the joined cluster stays
within the size cap (complete linkage). So one busy morning never collapses into a single
giant "merge", and A–B, B–C passing does not drag A and C together when A–C does not.
"""

from __future__ import annotations

from collections.abc import Mapping

Pair = tuple[int, int]


def _find(parent: dict[int, int], x: int) -> int:
    root = x
    while parent[root] != root:
        root = parent[root]
    while parent[x] != root:
        parent[x], x = root, parent[x]
    return root


def components(pairs: Mapping[Pair, float]) -> list[list[int]]:
    """Connected components (each sorted) of the graph whose edges are ``pairs``."""
    parent: dict[int, int] = {}
    for a, b in pairs:
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        ra, rb = _find(parent, a), _find(parent, b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    comps: dict[int, list[int]] = {}
    for x in parent:
        comps.setdefault(_find(parent, x), []).append(x)
    return sorted((sorted(c) for c in comps.values()), key=lambda c: c[0])


def split(component: list[int], pairs: Mapping[Pair, float], cap: int) -> list[list[int]]:
    """Groups (of two or more) of one component in which every pair passes, each at most
    ``cap`` events. ``pairs`` keys are (i, j) with i < j; node numbers order the members."""
    n = len(component)
    if 2 <= n <= cap and all(
        (a, b) in pairs for k, a in enumerate(component) for b in component[k + 1 :]
    ):
        return [component]
    members = set(component)
    edges = sorted(
        ((score, a, b) for (a, b), score in pairs.items() if a in members and b in members),
        key=lambda e: (-e[0], e[1], e[2]),
    )
    cluster: dict[int, list[int]] = {x: [x] for x in component}
    for _score, a, b in edges:
        ca, cb = cluster[a], cluster[b]
        if ca is cb or len(ca) + len(cb) > cap:
            continue
        if all((min(x, y), max(x, y)) in pairs for x in ca for y in cb):
            joined = sorted(ca + cb)
            for x in joined:
                cluster[x] = joined
    seen: set[int] = set()
    out: list[list[int]] = []
    for x in component:
        c = cluster[x]
        if len(c) >= 2 and c[0] not in seen:
            seen.add(c[0])
            out.append(c)
    return out
