"""Serving the review app: waitress on 127.0.0.1 and a free port, the secret token, the browser, Ctrl-C.

waitress (pure Python, no dependencies) is the WSGI server; it runs each
request in a worker thread, and ``Review`` serialises the writes.  A busy port
or an address that is not this machine's is a usage error (exit 2) in one line.
Ctrl-C stops the server (waitress catches it) after a save in progress has
finished, so a catalog is never left half-written; ``serve`` then returns and
the command exits 0: stopping the server is how a review session ends, not an
interrupted job.
"""

from __future__ import annotations

import logging
import os
import secrets
import sys
import webbrowser
from collections.abc import Callable

from ..errors import UsageError
from .session import Review

LOCAL_HOST = "127.0.0.1"
THREADS = 4
SHUTDOWN_WAIT = 30.0      # seconds a save in progress may take to finish after Ctrl-C


class ReviewServer:
    """A bound, not yet running review server: ``url`` carries the token; ``run()`` serves until stopped."""

    def __init__(self, review: Review, *, host: str = LOCAL_HOST, port: int = 0, token: str | None = None):
        from waitress.server import create_server

        # waitress warns "Task queue depth is N" on stderr whenever a request waits for a worker: nothing a
        # translator can act on, and a line in the middle of the session's output
        logging.getLogger("waitress.queue").setLevel(logging.ERROR)

        from .app import create_app

        self.review = review
        self.token = token or secrets.token_urlsafe(24)
        self._closing = False
        try:
            self._server = create_server(create_app(review, self.token), host=host, port=port, threads=THREADS,
                                         ident="l10n-review", clear_untrusted_proxy_headers=True)
        except (OSError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            raise UsageError(f"cannot listen on {host}:{port} ({reason}); leave --port out to take a free port, "
                             "or give --host an address of this machine.") from None
        self.host, self.port = host, self._server.effective_port

    @property
    def url(self) -> str:
        shown = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{shown}:{self.port}/?token={self.token}"

    def run(self) -> None:
        """Serve until Ctrl-C or ``close``; waits for a save in progress before returning."""
        try:
            self._server.run()
        except OSError:
            if not self._closing:  # else ``close`` from another thread shut the sockets the loop was polling
                raise
        finally:
            self.close()

    def close(self) -> None:
        self._closing = True
        acquired = self.review.write_lock.acquire(timeout=SHUTDOWN_WAIT)  # no save is cut short
        try:
            self._server.close()
        finally:
            if acquired:
                self.review.write_lock.release()


def serve(review: Review, *, host: str = LOCAL_HOST, port: int = 0, open_browser: bool = True,
          say: Callable[[str], None] = print) -> None:
    """Bind, say where (with the token), open the browser when there is one, and serve until Ctrl-C."""
    server = ReviewServer(review, host=host, port=port)
    say(f"reviewing {review.article.slug} ({', '.join(review.langs)}) at {server.url}")
    if host != LOCAL_HOST:
        say(f"listening on {host}: anyone on the network with this address (and its token) can edit the catalogs.")
    say("press Ctrl-C to stop.")
    if open_browser and _has_browser():
        webbrowser.open(server.url)
    server.run()
    say("stopped; every change made in the page is saved.")


def _has_browser() -> bool:
    """A person at a terminal, not CI or a pipe."""
    return sys.stdout.isatty() and not os.environ.get("CI")
