"""/docs: Swagger UI served from this server, so the API page works with no internet.

FastAPI's own /docs page loads Swagger UI from a CDN, which a council's closed network (and
this project's CI) cannot reach: the page stayed blank. swagger-ui-bundle-v2 ships Swagger UI 5
(which reads FastAPI's OpenAPI 3.1; 4.x does not) inside its Python package; its files are
mounted under /docs-assets. ReDoc (/redoc) has no packaged copy, so it is not offered.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

ASSETS = "/docs-assets"


def install_api_docs(app: FastAPI) -> None:
    """Serve Swagger UI at /docs from the packaged files (create the app with docs_url=None)."""
    app.mount(ASSETS, StaticFiles(directory=swagger_ui_path), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=app.openapi_url or "/openapi.json",
                                   title=f"{app.title}: API", swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{ASSETS}/swagger-ui.css",
                                   swagger_favicon_url=f"{ASSETS}/favicon-32x32.png")
