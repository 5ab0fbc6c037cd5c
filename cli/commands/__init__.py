"""One module per command. Each has ``NAME``, ``HELP``, ``add_arguments(parser)`` and
``run(args, session) -> exit code``; ``leanmeet.cli.main.COMMANDS`` lists them in the order
``--help`` shows. Commands never import each other (an import-linter contract): what two
share is in ``leanmeet.cli.common`` or in the application layer.

A command module imports the application modules it runs inside ``run()``: parsing the
command line (and ``leanmeet --help``) then loads none of them, and each command loads only
what it uses (``leanmeet list`` never loads the CalDAV client or the export writers). The
import-linter contracts see these imports like any other."""
