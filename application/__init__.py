"""The application layer: what leanmeet does, once for every front end.

The command line (``leanmeet.cli``) and the TUI (``leanmeet.tui``) both open one
:class:`~leanmeet.application.session.Session` (the repository, the rulebook, the office zone,
"today") and call the same functions with plain values:

- :mod:`~leanmeet.application.actions`: import, arrange, exempt, kind, merge, unmerge, dismiss,
  the roster (people), attendee edits;
- :mod:`~leanmeet.application.queries`: occurrences and their kinds, findings, merge
  suggestions, one event's report, past merge decisions;
- :mod:`~leanmeet.application.export` and :mod:`~leanmeet.application.sync`: the consolidated
  plan as files, CalDAV sync and URL feed refresh.

Each returns values or raises :class:`~leanmeet.application.errors.UserError`, whose message is
for the user (nothing was stored). Nothing here imports Textual or argparse, or prints. This
package module itself imports nothing, so that ``leanmeet --help`` and each command load only
the modules they use.
"""
