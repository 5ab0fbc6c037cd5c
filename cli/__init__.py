"""The ``leanmeet`` command line (SPEC §7): ``main.py`` parses and dispatches, one module per
command in ``commands/`` (registered in :data:`leanmeet.cli.main.COMMANDS`), shared argument
and output helpers in ``common.py``. Commands call ``leanmeet.application`` and print."""
