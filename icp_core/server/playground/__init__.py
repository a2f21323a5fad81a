"""The playground: a page at ``/`` to edit a filing, check it and ask for a change or a
transfer, and the bundled examples behind it (``GET /v1/examples``, ``/v1/examples/{name}``).

The page is this folder's ``index.html``, ``playground.js`` and ``playground.css``, shipped in
the package: it loads nothing from elsewhere (its Content-Security-Policy says so) and uses
only the service's own endpoints."""

from __future__ import annotations

import json
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from icp_core.model import CHANGE_REQUIREMENTS
from icp_core.server.bodies import _language, _respond
from icp_core.server.examples import EXAMPLE_NAME, bundled_examples, example_text

ASSETS = Path(__file__).resolve().parent
#: The assets served under /playground/, with their media types; nothing else is.
_MEDIA_TYPES = {"playground.js": "text/javascript; charset=utf-8", "playground.css": "text/css; charset=utf-8"}
#: Same-origin only: the page works with no network but this service's.
_PAGE_HEADERS = {
    "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                               "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-cache",
}
_EXAMPLE_MEDIA_TYPES = {"yaml": "application/yaml; charset=utf-8", "json": "application/json"}


def playground_routes() -> list[Route]:
    """The page, its assets and the examples' endpoints."""
    page = _page()
    assets = {name: (ASSETS / name).read_bytes() for name in _MEDIA_TYPES}

    async def index(request: Request) -> Response:
        return Response(page, media_type="text/html; charset=utf-8", headers=_PAGE_HEADERS)

    async def asset(request: Request) -> Response:
        name = request.path_params["asset"]
        if name not in assets:
            raise HTTPException(404)
        return Response(assets[name], media_type=_MEDIA_TYPES[name], headers=_PAGE_HEADERS)

    async def examples(request: Request) -> Response:
        listed = [{"name": e.name, "format": e.format, "kind": e.kind, "title": e.title}
                  for e in bundled_examples().values()]
        return _respond(200, {"examples": listed}, _language(request.headers.get("accept-language")))

    async def example(request: Request) -> Response:
        name = request.path_params["name"]
        text = example_text(name) if EXAMPLE_NAME.fullmatch(name) else None
        if text is None:
            raise HTTPException(404)
        media_type = _EXAMPLE_MEDIA_TYPES[bundled_examples()[name].format]
        return Response(text, media_type=media_type, headers={"cache-control": "no-cache",
                                                              "x-content-type-options": "nosniff"})

    return [
        Route("/", index, methods=["GET"]),
        Route("/playground/", index, methods=["GET"]),
        Route("/playground/{asset}", asset, methods=["GET"]),
        Route("/v1/examples", examples, methods=["GET"]),
        Route("/v1/examples/{name}", example, methods=["GET"]),
    ]


def _page() -> bytes:
    """``index.html`` with the change requirements (English and Chinese) the change form asks about."""
    requirements = {field: {"en": en, "zh": zh} for field, (en, zh) in CHANGE_REQUIREMENTS.items()}
    # In a <script type="application/json">: "</" would end the element, so it is escaped.
    data = json.dumps(requirements, ensure_ascii=False).replace("</", "<\\/")
    html = (ASSETS / "index.html").read_text(encoding="utf-8")
    return html.replace("__CHANGE_REQUIREMENTS__", data).encode("utf-8")
