"""``l10n review``: a translator reviews one article in the browser, served from this machine.

    session.py   Review: units in reading order with state, terms, QA, memory; saves through compare-and-swap
    app.py       the Flask app: token and CSRF checks, routes, Jinja2 templates (autoescaped)
    server.py    waitress on 127.0.0.1 and a free port; the printed address; Ctrl-C
    templates/   the page, one unit, the unit list
    static/      review.js (plain JavaScript, no build step) and review.css; no font is served
"""

from .server import ReviewServer, serve
from .session import Review, open_review

__all__ = ["Review", "ReviewServer", "open_review", "serve"]
