"""A threading HTTP server for tests that stays quiet when a client hangs up.

`socketserver` prints a traceback to stderr for any error in a request thread,
including a client that closed its keep-alive connection (ConnectionResetError,
BrokenPipeError). Tests that capture stderr would then see text that leanmeet never
wrote. Any other error is still printed.
"""

from __future__ import annotations

import sys
from http.server import ThreadingHTTPServer


class QuietHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)
