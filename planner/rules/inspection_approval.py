"""§4 inspections: city-wide assessments and inspections only with the Committee's consent."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from leanmeet.planner.findings import Finding, quoted
from leanmeet.planner.rules.base import event_finding, of_kinds
from leanmeet.planner.rules.keywords import field_text, keywords, matcher, text_after
from leanmeet.planner.titles import chinese_core, has_cjk, normalise

if TYPE_CHECKING:
    from leanmeet.planner.rules import CheckContext, ClassifiedEvent


class InspectionApproval:
    """An inspection, assessment, evaluation or observation activity (检查, 考核, 评比, 督查,
    inspection, assessment…) without an arrangement: the Committee / Government's consent.

    The event must *be* the inspection: a meeting about one — an English title with a meeting
    word anywhere (debrief, briefing, feedback…), a Chinese title with one after the keyword
    (…检查部署会, …督查反馈会: the head noun is last) — is not reported. Spot checks and
    unannounced visits (抽查, 暗访) are what the policy advocates and are ignored.

    The classifier reads a title ending in 检查 or 督查 as a ``research`` event (an outing to
    the grassroots). Such an event is an inspection only when the keyword is the head of its
    Chinese title (全市安全生产大检查, 冬季供暖专项督查); a research visit that names an
    inspection as its topic (调研安全生产检查工作, 检查指导…工作) or an English inspection tour
    is the leaders' research (§1) and is not reported.
    """

    id = "inspection-approval"
    clause = "§4 inspections"
    title = "Assessments and inspections only with approval"
    exemptable = True

    def check(self, events: Sequence[ClassifiedEvent], ctx: CheckContext) -> list[Finding]:
        cfg = ctx.rulebook.rules.inspection_approval
        inspection = keywords(cfg)
        meeting_en = matcher(cfg.meeting_en, ())
        meeting_zh = matcher((), cfg.meeting_zh)
        if not inspection:
            return []
        findings = []
        for ev in of_kinds(events, cfg.kinds):
            if ctx.arrangement(ev.occ) is not None:
                continue
            if ev.kind == "research" and not _inspection_heads(ev.occ.summary, inspection):
                continue
            for name in cfg.fields:
                text = field_text(ev.occ, name)
                hit = inspection.search(text)
                if not hit:
                    continue
                if hit.isascii():
                    if meeting_en and meeting_en.search(text):
                        continue  # a meeting about an inspection
                elif meeting_zh and meeting_zh.search(text_after(text, hit)):
                    continue
                break
            else:
                continue
            findings.append(event_finding(
                self, cfg.severity, ev.occ, ev.leaders_or_people,
                f"An inspection or assessment ({quoted(hit, 20)}) without the consent of the "
                "Municipal Party Committee / Government (no arrangement); prefer spot checks "
                "and unannounced visits"))
        return findings


def _inspection_heads(summary: str, inspection) -> bool:
    """Whether an inspection keyword ends the (Chinese) title: the event is the inspection."""
    text = normalise(summary)
    if not has_cjk(text):
        return False
    core = chinese_core(text)[0].rstrip()
    return any(hit.end == len(core) for hit in inspection.hits(core))
