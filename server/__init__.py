"""The web server: FastAPI app factory, JSON API and server-rendered chat and document pages."""

from server.app import create_app

__all__ = ["create_app"]
