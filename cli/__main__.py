"""``python -m leanmeet.cli``: the same as the ``leanmeet`` command."""

import sys

from leanmeet.cli.main import main

sys.exit(main())
