"""§3 reduce meetings: what a document or a video call can convey is not a meeting."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from leanmeet.planner.findings import Finding, quoted
from leanmeet.planner.rules.keywords import find_in, matcher

if TYPE_CHECKING:
    from leanmeet.planner.rules import CheckContext, ClassifiedEvent


class DocumentInstead:
    """A meeting whose purpose, in its title, is to pass on a document or a superior's
    spirit (传达…, 学习贯彻…精神, "convey the spirit", "brief on the circular"): suggest a
    document, telegram or video / telephone conference instead.

    A meeting that already is a video or telephone conference (SUMMARY or LOCATION) is what
    the policy advocates and is not reported. Arrangements do not change it (it is advice);
    an exemption lifts it.
    """

    id = "document-instead"
    clause = "§3 reduce meetings"
    title = "What a document can convey is not a meeting"
    exemptable = True

    def check(self, events: Sequence[ClassifiedEvent], ctx: CheckContext) -> list[Finding]:
        cfg = ctx.rulebook.rules.document_instead
        purpose = matcher(cfg.en, cfg.zh, cfg.ignore)
        remote = matcher(cfg.remote_en, cfg.remote_zh)
        if not purpose:
            return []
        kinds = frozenset(cfg.kinds)
        findings = []
        for ev in events:
            if ev.kind not in kinds:
                continue
            hit = find_in(ev.occ, cfg.fields, purpose)
            if hit is None or find_in(ev.occ, ("summary", "location"), remote) is not None:
                continue
            findings.append(
                Finding(
                    rule=self.id,
                    severity=cfg.severity,
                    clause=self.clause,
                    message=(
                        f"Held to pass on a document or a superior's spirit "
                        f"({quoted(hit[2], 24)}): send it as a document or telegram, or hold "
                        "a video / telephone conference instead"
                    ),
                    occurrences=(ev.occ,),
                    people=tuple(p.label for p in ev.leaders or ev.people),
                )
            )
        return findings
