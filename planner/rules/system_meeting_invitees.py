"""§3 review: a department's city-wide meeting of its own system invites its liaison leader."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from leanmeet.planner.classify import nfkc
from leanmeet.planner.findings import Finding, names, quoted
from leanmeet.planner.people import names_same_org
from leanmeet.planner.rules.base import of_kinds
from leanmeet.planner.rules.keywords import find_in, keywords, matcher

if TYPE_CHECKING:
    from leanmeet.planner.model import Occurrence
    from leanmeet.planner.rules import CheckContext, ClassifiedEvent

# the system's name: 全市<教育>系统…, city-wide <education> system…
_ZH_STEM = re.compile(r"全市(.{1,12}?)系统")
_EN_STEM = re.compile(r"city[\s\-_]*wide\s+(.{2,60}?)\s+systems?\b", re.IGNORECASE)
_EN_MUNICIPAL = re.compile(r"municipal\s+(.{2,60}?)\s+systems?\b", re.IGNORECASE)


def system_names(occ: Occurrence) -> list[str]:
    """What names the meeting's department: the system named in the title (全市教育系统 →
    教育; "city-wide education system" → education) and the ORGANIZER's name."""
    out: list[str] = []
    title = nfkc(occ.summary)
    for pattern in (_ZH_STEM, _EN_STEM, _EN_MUNICIPAL):
        match = pattern.search(title)
        if match:
            out.append(match.group(1).strip())
    if occ.organizer is not None and occ.organizer.name and "@" not in occ.organizer.name:
        out.append(occ.organizer.name)
    return out


class SystemMeetingInvitees:
    """A department's city-wide meeting of its own system (全市…系统…会议) that

    - has roster leaders who are not a liaison leader of that department (the roster's
      ``liaison`` column; the department is the system named in the title or the ORGANIZER,
      matched when one name contains the other: 教育 / 教育局 / Education Bureau). A leader
      with no liaison departments on the roster is not judged (unknown);
    - or requires the heads of counties, districts or departments: its title or description
      says so, or an attendee's roster title (or name) is a county / district head.

    Not lifted by an arrangement (the office may arrange the meeting, but not its invitees);
    an exemption lifts it.
    """

    id = "system-meeting-invitees"
    clause = "§3 review"
    title = "A system meeting invites only its liaison leader"
    exemptable = True

    def check(self, events: Sequence[ClassifiedEvent], ctx: CheckContext) -> list[Finding]:
        cfg = ctx.rulebook.rules.system_meeting_invitees
        system = keywords(cfg)
        heads = matcher(cfg.heads_en, cfg.heads_zh)
        head_titles = matcher(cfg.head_titles_en, cfg.head_titles_zh)
        if not system:
            return []
        findings = []
        for ev in of_kinds(events, cfg.kinds):
            if find_in(ev.occ, cfg.fields, system) is None:
                continue
            problems: list[str] = []
            people: list[str] = []
            depts = system_names(ev.occ)
            outsiders = [
                p for p in ev.leaders
                if p.person is not None and p.person.liaison and depts
                and not any(names_same_org(d, mine) for d in depts for mine in p.person.liaison)
            ]
            if outsiders:
                problems.append(
                    f"invites {names([p.display for p in outsiders])}, not the liaison leader"
                    f"{'s' if len(outsiders) > 1 else ''} of {quoted(depts[0], 24)}"
                )
                people += [p.label for p in outsiders]
            required = find_in(ev.occ, ("summary", "description"), heads)
            chiefs = [
                p for p in ev.people
                if head_titles and head_titles.search(
                    nfkc(" ".join(filter(None, (p.person.title if p.person else "", p.name)))))
            ]
            if required is not None:
                problems.append(f"requires the heads of counties / departments "
                                f"({quoted(required[2], 24)})")
            elif chiefs:
                problems.append(f"requires county / district heads "
                                f"({names([p.display for p in chiefs])})")
            people += [p.label for p in chiefs if p.label not in people]
            if not problems:
                continue
            if not people:  # requires heads: the leaders who attend are the ones to tell
                people = [p.label for p in ev.leaders_or_people]
            findings.append(
                Finding(
                    rule=self.id,
                    severity=cfg.severity,
                    clause=self.clause,
                    message="A department's city-wide system meeting " + "; ".join(problems),
                    occurrences=(ev.occ,),
                    people=tuple(people),
                )
            )
        return findings
