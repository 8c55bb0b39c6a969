"""Who may do what: API tokens (only their sha256 is stored) with the role reviewer or viewer.

A token is sent as ``Authorization: Bearer …`` (the API) or kept in the ``budgetlens_token`` cookie after the
login page (the pages). Viewers read; reviewers also upload, decide on findings and mark documents reviewed.
While the store holds no token at all and the service listens only on loopback, every request is the local
reviewer (a single user on their own machine: the README's one command); once a token exists, or when the
service listens on another address, every request needs one (``budgetlens serve`` refuses to listen on
another address before a token exists).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from fastapi import Depends, Request

from budgetlens.errors import ConfigError
from budgetlens.serve.errors import ApiError
from budgetlens.serve.state import ServiceState, service
from budgetlens.store import Store

ROLES = ("viewer", "reviewer")  # each role may do what the roles before it may
COOKIE = "budgetlens_token"
TOKEN_PREFIX = "blt_"


@dataclass(frozen=True, slots=True)
class Principal:
    name: str
    role: str
    local: bool = False  # the open local mode (no tokens, loopback)

    def may(self, role: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(store: Store, role: str, name: str) -> str:
    """A new random token with ``role`` held by ``name``; only its hash is stored. Returns the token."""
    if role not in ROLES:
        raise ConfigError(f"角色应为 reviewer 或 viewer：{role}", f"the role is reviewer or viewer: {role}")
    if not name.strip():
        raise ConfigError("持有人名称不能为空", "the holder's name must not be empty")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = datetime.now(UTC).replace(tzinfo=None)
    store.backend.execute(
        "INSERT INTO tokens (token_hash, role, name, created_at) VALUES (?, ?, ?, ?)",
        (token_hash(token), role, name.strip(), now),
    )
    return token


def any_token(store: Store) -> bool:
    return bool(store.backend.fetch("SELECT 1 FROM tokens WHERE revoked_at IS NULL LIMIT 1"))


def holder(store: Store, token: str) -> Principal | None:
    rows = store.backend.fetch(
        "SELECT name, role FROM tokens WHERE token_hash = ? AND revoked_at IS NULL", (token_hash(token),)
    )
    return Principal(name=rows[0][0], role=rows[0][1]) if rows else None


def presented_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.cookies.get(COOKIE) or None


def principal_of(request: Request) -> Principal | None:
    """The caller, or None when a token is needed and none (or an unknown one) was presented."""
    state: ServiceState = service(request)
    token = presented_token(request)
    with state.store.use() as store:
        if token is not None:
            return holder(store, token)
        if state.settings.loopback and not any_token(store):
            return Principal(name="本机用户", role="reviewer", local=True)
    return None


def require(role: str) -> Callable[[Request], Principal]:
    """A FastAPI dependency: the caller if they hold ``role`` (401 without a valid token, 403 with too low a role)."""

    def dependency(request: Request) -> Principal:
        who = principal_of(request)
        if who is None:
            raise ApiError(401, "unauthorized", "需要有效的访问令牌", "a valid access token is required")
        if not who.may(role):
            raise ApiError(403, "forbidden", f"需要 {role} 角色", f"this needs the {role} role")
        return who

    return dependency


Viewer = Depends(require("viewer"))
Reviewer = Depends(require("reviewer"))


def tokens(store: Store) -> list[tuple[str, str, datetime, datetime | None]]:
    """(holder, role, created, revoked) of every token, oldest first."""
    rows = store.backend.fetch("SELECT name, role, created_at, revoked_at FROM tokens ORDER BY created_at")
    return [(r[0], r[1], r[2], r[3]) for r in rows]


def revoke(store: Store, name: str) -> int:
    """Revoke every valid token held by ``name``; how many there were."""
    count = int(store.backend.fetch("SELECT count(*) FROM tokens WHERE name = ? AND revoked_at IS NULL", (name,))[0][0])
    now = datetime.now(UTC).replace(tzinfo=None)
    store.backend.execute("UPDATE tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL", (now, name))
    return count
