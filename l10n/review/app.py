"""The web app of ``l10n review``: Flask routes over a ``Review``, Jinja2 templates with autoescaping.

Access: every request needs the secret token.  The address l10n prints carries
it once (``/?token=…``); the first request trades it for an HttpOnly,
SameSite=Strict cookie named after the server, and every later request is
refused (403) without that cookie.  Every write (POST) also needs the page's
CSRF token in the ``X-CSRF-Token`` header, which another site can neither read
nor send.  Responses forbid any script, style, font or frame not served here
(Content-Security-Policy), so the page makes no request to another host.
"""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path

from flask import Flask, Response, abort, jsonify, redirect, render_template, request, url_for
from markupsafe import Markup

from ..errors import L10nError
from ..publish.html import isolate_runs
from ..publish.rebuild import visible_controls
from .session import Outcome, Review

HERE = Path(__file__).parent
MAX_REQUEST_BYTES = 1_000_000   # a save carries one unit's text
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
            "frame-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"


def create_app(review: Review, token: str) -> Flask:
    """The app serving ``review``; ``token`` is the secret the printed address carries."""
    app = Flask("l10n.review", root_path=str(HERE), static_folder="static", template_folder="templates")
    app.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    app.jinja_env.autoescape = True          # every template, whatever its name
    app.jinja_env.filters["bidi"] = _bidi
    csrf = secrets.token_urlsafe(32)
    cookie = "l10n_review_" + hashlib.sha256(token.encode()).hexdigest()[:12]   # one per server: ports share cookies

    @app.before_request
    def _authorised():
        given = request.args.get("token")
        if given is not None and request.method == "GET" and secrets.compare_digest(given, token):
            response = redirect("/" + request.path.lstrip("/"))   # never "//host": a link to another site
            response.set_cookie(cookie, token, httponly=True, samesite="Strict")
            return response
        if not secrets.compare_digest(request.cookies.get(cookie, ""), token):
            return Response("l10n review: open the address `l10n review` printed (it carries the token).\n",
                            403, mimetype="text/plain")
        if request.method != "GET" and not secrets.compare_digest(request.headers.get("X-CSRF-Token", ""), csrf):
            return Response("l10n review: missing or wrong CSRF token; reload the page.\n", 403, mimetype="text/plain")
        return None

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", PAGE_CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.errorhandler(L10nError)
    def _error(exc: L10nError):
        if request.method == "GET":
            return Response(f"l10n review: {exc}\n", 409, mimetype="text/plain")
        return jsonify(status="failed", message=str(exc)), 409

    @app.get("/")
    def index():
        return redirect(url_for("page", lang=review.langs[0]))

    @app.get("/favicon.ico")
    def icon():  # every browser asks; without this route it was read as a language and refused
        return Response(status=204)

    @app.get("/<lang>/")
    def page(lang: str):
        units, progress = review.units(lang)
        profile = review.profile(lang)
        return render_template("review.html", review=review, lang=lang, profile=profile, units=units,
                               progress=progress, csrf=csrf, can_undo=review.can_undo(lang, None))

    @app.get("/<lang>/units")
    def unit_list(lang: str):
        units, progress = review.units(lang)
        html = render_template("units.html", units=units, profile=review.profile(lang))
        return jsonify(html=html, progress=str(progress), reviewed=progress.reviewed, total=progress.units)

    @app.get("/<lang>/preview")
    def preview(lang: str):
        response = Response(review.preview(lang), mimetype="text/html")
        response.headers["Content-Security-Policy"] = PREVIEW_CSP
        return response

    @app.post("/<lang>/save")
    def save(lang: str):
        data = request.get_json(silent=True) or {}
        text, key, tab = data.get("text"), data.get("key"), data.get("tab", "")
        seen = data.get("seen")
        if (not isinstance(text, str) or not isinstance(key, str) or not isinstance(tab, str)
                or not (seen is None or _is_seen(seen))):
            abort(400)
        outcome = review.save(lang, key, text, approve=bool(data.get("approve")),
                              seen=(seen[0], bool(seen[1])) if seen is not None else None, tab=tab)
        return _answer(lang, outcome, tab)

    @app.post("/<lang>/undo")
    def undo(lang: str):
        tab = (request.get_json(silent=True) or {}).get("tab", "")
        if not isinstance(tab, str):
            abort(400)
        outcome = review.undo(lang, tab)
        if outcome is None:
            return jsonify(status="unchanged", message="nothing to undo in this tab", can_undo=False)
        return _answer(lang, outcome, tab)

    def _answer(lang: str, outcome: Outcome, tab: str):
        profile = review.profile(lang)
        body = {
            "status": outcome.status, "message": outcome.message, "lang": lang, "can_undo": review.can_undo(lang, tab),
            "progress": str(outcome.progress), "reviewed": outcome.progress.reviewed, "total": outcome.progress.units,
        }
        if outcome.unit is not None:
            body["key"] = outcome.unit.key
            body["html"] = render_template("unit.html", unit=outcome.unit, profile=profile)
        if outcome.theirs is not None:
            body["theirs"] = {"text": outcome.theirs.msgstr, "fuzzy": outcome.theirs.fuzzy}
            body["mine"] = {"text": outcome.mine.msgstr, "fuzzy": outcome.mine.fuzzy}
        return jsonify(body), 409 if outcome.status in ("conflict", "failed") else 200

    return app


def _bidi(text: str, direction: str) -> Markup:
    """Text made safe for the page: controls shown as [U+202E], runs of the other direction isolated, escaped."""
    return Markup(isolate_runs(visible_controls(text), direction))


def _is_seen(seen) -> bool:
    return isinstance(seen, list) and len(seen) == 2 and isinstance(seen[0], str)
