"""§4 activities: students are never organised into non-educational celebrations."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from leanmeet.planner.classify import nfkc
from leanmeet.planner.findings import Finding, quoted
from leanmeet.planner.rules.base import event_finding, of_kinds
from leanmeet.planner.rules.keywords import find_in, keywords, matcher

if TYPE_CHECKING:
    from leanmeet.planner.rules import CheckContext, ClassifiedEvent


class StudentsAtCelebration:
    """A ``ceremony`` whose title or description (``fields``) or attendees' names mention
    schools or students (学校, 学生, 师生, school, students…), unless the ceremony itself is
    educational (its title: 开学典礼, 毕业, graduation…). 党校 (the Party School) and driving
    schools are not schools here.

    Strictly prohibited: an arrangement does not lift it; an exemption does (for a
    misreading). Reported whether or not a leader attends — the organiser is at fault — and
    names the leaders who do.
    """

    id = "students-at-celebration"
    clause = "§4 activities"
    title = "No students at non-educational celebrations"
    exemptable = True

    def check(self, events: Sequence[ClassifiedEvent], ctx: CheckContext) -> list[Finding]:
        cfg = ctx.rulebook.rules.students_at_celebration
        students = keywords(cfg)
        educational = matcher(cfg.educational_en, cfg.educational_zh)
        if not students:
            return []
        findings = []
        for ev in of_kinds(events, cfg.kinds):
            if find_in(ev.occ, ("summary",), educational) is not None:
                continue
            hit = find_in(ev.occ, cfg.fields, students)
            found = hit[2] if hit else None
            if found is None:
                for a in ev.occ.attendees:
                    found = students.search(nfkc(a.name))
                    if found:
                        break
            if not found:
                continue
            findings.append(event_finding(
                self, cfg.severity, ev.occ, ev.leaders,
                f"Students are organised into a non-educational celebration "
                f"({quoted(found, 20)}): strictly prohibited"))
        return findings
