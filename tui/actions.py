"""What a scheduler can do, once for the command line and the TUI.

Each function records the same decision whichever front end calls it, and raises
:class:`Refused` (with a message for the user, nothing stored) when the rulebook forbids it.
The CLI turns a refusal into exit code 2; the TUI shows it in the dialog.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from leanmeet.planner.model import KINDS, Decision

Progress = Callable[[int, int | None, str], None]  # (done, total or None, what now)


class Refused(Exception):
    """The action was refused; the message says why (nothing was stored)."""


def arrange_refusal(kind: str) -> str | None:
    """Why an event of this kind cannot be arranged, or None."""
    if kind == "commercial":
        return ("this is a commercial event: leaders may not attend commercial activities in "
                "an official capacity (§4 commercial), so it cannot be arranged; if it is not "
                "commercial, change its kind first")
    return None


def arrange(repo, uid: str, occurrence: str | None, ref: str, kind: str) -> Decision:
    """Record that the office arranged the event (``kind``: its current kind)."""
    refusal = arrange_refusal(kind)
    if refusal:
        raise Refused(refusal)
    if not ref.strip():
        raise Refused("give the office's reference (a document number, a note) for the "
                      "arrangement")
    return repo.add_decision(Decision("arrangement", uid, occurrence, text=ref.strip()))


def exempt(repo, uid: str, occurrence: str | None, rule: str, reason: str) -> Decision:
    from leanmeet.planner.rules import RULES_BY_ID

    if rule not in RULES_BY_ID:
        raise Refused(f"unknown rule {rule!r} (rules: {', '.join(RULES_BY_ID)})")
    if not RULES_BY_ID[rule].exemptable:
        raise Refused(f"{rule} findings cannot be exempted ({RULES_BY_ID[rule].clause})")
    if not reason.strip():
        raise Refused("give the reason for the exemption (for example the special need)")
    return repo.add_decision(
        Decision("exemption", uid, occurrence, rule=rule, text=reason.strip()))


def set_kind(repo, uid: str, occurrence: str | None, kind: str) -> Decision:
    if kind not in KINDS:
        raise Refused(f"unknown kind {kind!r} (kinds: {', '.join(KINDS)})")
    return repo.add_decision(Decision("kind", uid, occurrence, text=kind))


# ---------------------------------------------------------------------------- merges
def accept_merge(repo, suggestion) -> None:
    """Store the merged meeting of a (current) suggestion and the merge-accepted decision;
    the originals are superseded from then on."""
    from leanmeet.storage.merged import merged_event_text

    p = suggestion.proposal
    text = merged_event_text(
        suggestion.id, start=p.start, end=p.end, summary=p.summary,
        description=p.description, location=p.location, organizer=p.organizer,
        attendees=p.attendees, keynote=p.keynote, members=suggestion.keys)
    # one transaction: a kill leaves neither or both (storage.repository)
    repo.store_merged_event(text, decision=Decision(
        "merge-accepted", suggestion.id, text=p.summary, members=suggestion.keys))


def dismiss(repo, suggestion) -> None:
    repo.add_decision(Decision("merge-dismissed", suggestion.id, text="dismissed",
                               members=suggestion.keys))


def unmerge(repo, suggestion_id: str) -> None:
    from leanmeet.storage.merged import MERGED_FEED, merged_uid

    if not repo.remove_decisions("merge-accepted", suggestion_id):
        raise Refused(f"{suggestion_id} is not an accepted merge")
    repo.remove_event(MERGED_FEED, merged_uid(suggestion_id))


def undismiss(repo, suggestion_id: str) -> None:
    if not repo.remove_decisions("merge-dismissed", suggestion_id):
        raise Refused(f"{suggestion_id} is not dismissed")


# ---------------------------------------------------------------------------- import
@dataclass
class ImportOutcome:
    results: list = field(default_factory=list)  # storage.repository.ImportResult per feed
    errors: list[str] = field(default_factory=list)  # sources that could not be read at all
    cancelled: bool = False

    @property
    def partial(self) -> bool:
        return any(r.skipped for r in self.results)


def import_sources(repo, sources: Sequence[str], feed: str | None, arranged: bool | None,
                   *, progress: Progress | None = None,
                   cancelled: Callable[[], bool] | None = None) -> ImportOutcome:
    """``leanmeet import SOURCE... [--feed NAME] [--arranged]``: folders become their .ics
    files, each file its own feed unless ``feed`` names one; one transaction per feed; a
    feed whose sources could not all be read removes nothing."""
    from leanmeet.storage.db import DatabaseError
    from leanmeet.storage.ics_reader import SourceError
    from leanmeet.storage.repository import FeedText
    from leanmeet.storage.sources import SourceUnreadable, default_feed_name, expand_sources, load

    out = ImportOutcome()
    report = progress or (lambda done, total, what: None)
    try:
        files = expand_sources(list(sources))
    except SourceUnreadable as exc:
        out.errors.append(str(exc))
        return out
    groups: dict[str, list[str]] = {}
    for source in files:
        name = feed.strip() if feed and feed.strip() else default_feed_name(source)
        groups.setdefault(name, []).append(source)
    total = len(files) + len(groups)
    shown_total = total if total > 2 else None  # one file: an indeterminate bar
    done = 0
    for name, members in groups.items():
        if cancelled is not None and cancelled():
            out.cancelled = True
            break
        texts = []
        for source in members:
            report(done, shown_total, f"reading {source}")
            try:
                texts.append(FeedText("<stdin>" if source == "-" else source, load(source)))
            except SourceUnreadable as exc:
                out.errors.append(str(exc))
            done += 1
        if texts:
            report(done, shown_total, f"storing feed {name}")
            try:
                out.results.append(repo.import_feed(
                    name, texts, arranged=arranged, complete=len(texts) == len(members),
                    origin=members))
            except SourceError as exc:
                out.errors.append(str(exc))
            except DatabaseError as exc:
                out.errors.append(str(exc))
                break
        done += 1
        report(done, total, "")
    report(total, total, "")
    return out
