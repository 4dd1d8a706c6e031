"""Who may call: signing in and out, API tokens, the audit log's chain — one router."""

from __future__ import annotations

from fastapi import APIRouter

from borderwatch.service.routes import audit, session, tokens

__all__ = ["router"]

router = APIRouter()
for _module in (session, tokens, audit):
    router.include_router(_module.router)
