"""The app factory: load the model and the index once, then serve the API and the pages."""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from indexer.embedding import DEFAULT_MODEL, QUERY_THREADS, Embedder, SentenceTransformerEmbedder
from indexer.shipped import DEFAULT_RERANKER
from retriever.reranker import Reranker, load_reranker
from server import api, commitments_api, pages
from server.api_docs import install_api_docs
from server.errors import install_error_handlers
from server.middleware import BodyLimit, ResponseHeaders
from server.state import AssistantHolder, ServeDefaults

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
MAX_BODY_BYTES = 256 * 1024  # a question, 20 earlier ones and filters fit many times over

DESCRIPTION = """Answers questions about council and policing documents with the passages each
answer came from, or says "I could not find this in the documents".

Every error is JSON: `{"error": "a sentence saying what to do"}`. 422: the request is not valid;
404: no such document; 503: no index yet, or a stale one (the message gives the command that
fixes it)."""


def create_app(index_dir: Path = Path("index"), model: str = DEFAULT_MODEL, *, top_k: int = 10,
               mode: str = "hybrid", batch_size: int = 32, threads: int = QUERY_THREADS,
               embedder: Embedder | None = None, check_interval: float = 1.0,
               reranker: Reranker | str = DEFAULT_RERANKER) -> FastAPI:
    """Build the app: the models load now (a reranker given by its setting: none, bundled or a
    folder); the index loads now if there is one (else 503s)."""
    if embedder is None:
        embedder = SentenceTransformerEmbedder(model, batch_size, threads)
    if isinstance(reranker, str):
        reranker = load_reranker(reranker, model)
    holder = AssistantHolder(Path(index_dir), model, embedder, check_interval=check_interval,
                             reranker=reranker)
    holder.start()
    if holder.loaded is None:
        log.warning("serving without an index: %s", holder.error)

    app = FastAPI(title="Scrutiny", version="0.1.0", description=DESCRIPTION, docs_url=None,
                  redoc_url=None)
    app.state.holder = holder
    app.state.defaults = ServeDefaults(top_k=top_k, mode=mode)
    app.state.templates = templates = Jinja2Templates(env=_environment())
    app.include_router(api.router)
    app.include_router(commitments_api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    install_api_docs(app)
    install_error_handlers(app, templates)
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY_BYTES)
    app.add_middleware(ResponseHeaders)
    return app


def _environment() -> Environment:
    # autoescape everything: corpus and user text is never marked safe
    return Environment(loader=FileSystemLoader(HERE / "templates"),
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       trim_blocks=True, lstrip_blocks=True)
