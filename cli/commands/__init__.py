"""One module per command. Each has ``NAME``, ``HELP``, ``add_arguments(parser)`` and
``run(args, session) -> exit code``; ``leanmeet.cli.main.COMMANDS`` lists them in the order
``--help`` shows. Commands never import each other (an import-linter contract): what two
share is in ``leanmeet.cli.common`` or in the application layer."""
