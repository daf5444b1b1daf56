"""The HTTP app: JSON API, LanguageTool-compatible ``/v2/check`` and the web page.

The engine is loaded once; each call runs in a bounded thread pool with a time limit.
No endpoint touches server files named by a request.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import partial
from importlib import resources

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from despin import __version__
from despin.engine import Despinner
from despin.serve import languagetool as lt

STATIC = resources.files("despin.serve") / "static"
PAGE_CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'"


@dataclass(frozen=True)
class Settings:
    max_chars: int = 200_000  # longest accepted text, in characters
    timeout: float = 60.0  # seconds one engine call may take (200k chars take ~25 s)
    workers: int = 2  # engine threads

    @property
    def max_body(self) -> int:
        """Bytes a body may have: UTF-8 (4 bytes/char) or %-encoded form (up to 12)."""
        return 12 * self.max_chars + 65_536


class ApiError(Exception):
    def __init__(self, status: int, message: str):
        self.status, self.message = status, message


def error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


class BodyLimit:
    """ASGI middleware: reads at most ``limit`` body bytes, else answers 413 itself."""

    def __init__(self, app, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        body, more = bytearray(), True
        while more:
            msg = await receive()
            if msg["type"] == "http.disconnect":
                return
            body += msg.get("body", b"")
            more = msg.get("more_body", False)
            if len(body) > self.limit:
                resp = error(413, f"request body is larger than {self.limit} bytes")
                return await resp(scope, receive, send)
        sent = False

        async def replay():
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        await self.app(scope, replay, send)


class ErrorOut(BaseModel):
    error: str = Field(description="One line saying what was wrong.")


ERRORS = {code: {"model": ErrorOut, "description": what} for code, what in [
    (400, "Malformed JSON or form, or an unsupported language"),
    (413, "Text or body over the size limit"),
    (422, "A missing or invalid field"),
    (504, "The analysis took longer than the time limit"),
]}


class TextIn(BaseModel):
    text: str = Field(description="The text to analyse (UTF-8, not empty).")


class DetectIn(TextIn):
    fast: bool = Field(False, description="Detect with the fast screen (corpus speed, rougher spans).")
    threshold: float | None = Field(
        None, ge=0, le=1, description="Label the text spun from this score (default: the "
        "tuned one, at most 1% false positives on clean text)."
    )


class RestoreIn(TextIn):
    min_confidence: float | None = Field(
        None, ge=0, le=1, description="Apply only edits at least this confident."
    )
    gate: float | None = Field(
        None, ge=0, le=1, description="Leave a text alone when its spun score is under this "
        "(scaled down for texts under 100 words; default: the tuned gate; 0 restores every text)."
    )


class TraceIn(TextIn):
    top: int = Field(5, ge=1, le=100, description="Most sources to return.")
    min_score: float | None = Field(None, ge=0, le=1, description="Weakest match to report.")


def create_app(settings: Settings | None = None, engine: Despinner | None = None, index=None):
    """Build the app; ``engine`` defaults to a fresh ``Despinner`` loaded at startup;
    ``index`` (a loaded ``despin.trace.Index``) enables ``/api/trace``."""
    settings = settings or Settings()
    pool = ThreadPoolExecutor(settings.workers, thread_name_prefix="despin-engine")
    state = {"engine": engine}

    @asynccontextmanager
    async def lifespan(app):
        loop = asyncio.get_running_loop()
        if state["engine"] is None:
            state["engine"] = await loop.run_in_executor(pool, Despinner)
        await loop.run_in_executor(pool, state["engine"].detect, "Warm up the engine.")
        await loop.run_in_executor(pool, state["engine"].screen, "Load the fast screen.")
        yield
        pool.shutdown(wait=False, cancel_futures=True)

    app = FastAPIOffline(
        title="despin",
        version=__version__,
        description="Detect and restore spun (synonym-swapped) text.",
        lifespan=lifespan,
        responses=ERRORS,
    )
    app.add_middleware(BodyLimit, limit=settings.max_body)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    async def run(fn, *args, **kwargs):
        future = asyncio.get_running_loop().run_in_executor(pool, partial(fn, *args, **kwargs))
        try:
            return await asyncio.wait_for(future, settings.timeout)
        except TimeoutError:
            raise ApiError(504, f"analysis took longer than {settings.timeout:g} s") from None

    def checked(text: str, allow_empty: bool = False) -> str:
        if len(text) > settings.max_chars:
            limit = settings.max_chars
            raise ApiError(413, f"text has {len(text)} characters; the limit is {limit}")
        if not allow_empty and not text.strip():
            raise ApiError(422, "text is empty")
        return text

    @app.exception_handler(ApiError)
    async def api_error(request, exc: ApiError):
        return error(exc.status, exc.message)

    @app.exception_handler(HTTPException)
    async def http_error(request, exc: HTTPException):
        return error(exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request, exc: RequestValidationError):
        first = exc.errors()[0]
        if first.get("type") == "json_invalid":
            return error(400, "request body is not valid JSON")
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        return error(422, f"{where}: {first.get('msg', 'invalid value')}".lstrip(": "))

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    async def page():
        return FileResponse(STATIC / "index.html", headers={"Content-Security-Policy": PAGE_CSP})

    @app.get("/healthz", tags=["service"], summary="Liveness and limits")
    async def healthz():
        return {"status": "ok", "version": __version__, "max_chars": settings.max_chars}

    @app.post("/api/restore", tags=["api"], summary="Rewrite spun text (`restore --json` shape)")
    async def restore(body: RestoreIn):
        r = await run(state["engine"].restore, checked(body.text),
                      min_confidence=body.min_confidence, gate=body.gate)
        return r.to_json()

    @app.post("/api/detect", tags=["api"], summary="Score a text, mark spans (`detect --json`)")
    async def detect(body: DetectIn):
        fn = state["engine"].screen if body.fast else state["engine"].detect
        return (await run(fn, checked(body.text), threshold=body.threshold)).to_json()

    @app.post("/api/trace", tags=["api"], include_in_schema=index is not None,
              summary="Find the sources of a spun text in the configured trace index")
    async def trace(body: TraceIn):
        if index is None:
            raise ApiError(404, "no trace index configured: start the server with --index FILE")
        opts = {"top": body.top} | ({} if body.min_score is None else {"min_score": body.min_score})
        matches = await run(index.query, checked(body.text), **opts)
        return {"matches": [m.to_json() for m in matches]}

    @app.get("/v2/languages", tags=["languagetool"], summary="LanguageTool: supported languages")
    async def languages():
        return lt.LANGUAGES

    async def check(request: Request):
        fields = {**request.query_params, **await request.form(max_part_size=settings.max_body)}
        try:
            language = lt.language_entry(str(fields.get("language", "")))
            if "data" in fields:
                text = lt.text_from_data(str(fields["data"]))
            elif "text" in fields:
                text = str(fields["text"])
            else:
                raise lt.CheckError("missing 'text' or 'data' parameter")
        except lt.CheckError as e:
            raise ApiError(400, str(e)) from None
        checked(text, allow_empty=True)
        edits = (await run(state["engine"].restore, text)).edits if text.strip() else []
        disabled = {
            r.strip()
            for key in ("disabledRules", "disabledCategories")
            for r in str(fields.get(key, "")).split(",")
            if r.strip()
        }
        return lt.check_response(text, edits, language, disabled)

    app.add_api_route("/v2/check", check, methods=["POST"], openapi_extra=lt.CHECK_FORM,
                      tags=["languagetool"],
                      summary="LanguageTool-compatible check (offsets in UTF-16 units)")
    app.add_api_route("/v2/check", check, methods=["GET"], include_in_schema=False)

    return app
