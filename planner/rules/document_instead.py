"""§3 reduce meetings: what a document or a video call can convey is not a meeting."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from leanmeet.planner.findings import Finding, quoted
from leanmeet.planner.rules.base import event_finding, of_kinds
from leanmeet.planner.rules.keywords import find_in, keywords, matcher

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
        purpose = keywords(cfg)
        remote = matcher(cfg.remote_en, cfg.remote_zh)
        if not purpose:
            return []
        findings = []
        for ev in of_kinds(events, cfg.kinds):
            hit = find_in(ev.occ, cfg.fields, purpose)
            if hit is None or find_in(ev.occ, ("summary", "location"), remote) is not None:
                continue
            findings.append(event_finding(
                self, cfg.severity, ev.occ, ev.leaders_or_people,
                f"Held to pass on a document or a superior's spirit ({quoted(hit[2], 24)}): "
                "send it as a document or telegram, or hold a video / telephone conference "
                "instead"))
        return findings
