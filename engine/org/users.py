"""People, their roles (lane names and system roles) and API tokens.

Passwords are hashed by the caller (the web layer); the engine stores the hash.
"""
from __future__ import annotations

import hashlib
import re
import secrets
import time
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from engine.errors import Conflict, NotFound, Problem, ProblemsError
from engine.records import Actor
from engine.runtime import Runtime
from engine.store.models import ApiToken, User, UserRole

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,79}$")
TOKEN_PREFIX = "alur_"


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    full_name: str
    roles: tuple[str, ...]
    is_active: bool
    password_hash: str
    created_at: datetime
    unit_id: int | None = None  # the organisation unit (None: the installation default)

    @property
    def actor(self) -> Actor:
        return Actor(self.username, frozenset(self.roles), unit_id=self.unit_id)


def user_info(row: User) -> UserInfo:
    return UserInfo(row.id, row.username, row.full_name, tuple(sorted(r.role for r in row.roles)),
                    row.is_active, row.password_hash, row.created_at, row.unit_id)


def create_user(rt: Runtime, username: str, *, password_hash: str, roles=(), full_name: str = "",
                update: bool = False) -> UserInfo:
    """Create a user (or, with ``update``, set the password and add roles of an existing one)."""
    username = (username or "").strip().lower()
    if not USERNAME.match(username):
        raise ProblemsError("Nama pengguna tidak sah", [Problem(
            "gunakan 2-80 huruf kecil, angka, titik, garis bawah atau tanda hubung", field="username")])
    roles = [r.strip() for r in roles if r and r.strip()]
    with rt.write() as session:
        row = session.scalars(select(User).where(User.username == username)).first()
        if row is not None and not update:
            raise Conflict(f"Pengguna '{username}' sudah ada")
        if row is None:
            row = User(username=username, full_name=full_name or username, password_hash=password_hash,
                       is_active=True, created_at=rt.now())
            session.add(row)
        else:
            row.password_hash = password_hash or row.password_hash
            row.full_name = full_name or row.full_name
        have = {r.role for r in row.roles}
        for role in roles:
            if role not in have:
                row.roles.append(UserRole(role=role))
        session.flush()
        return user_info(row)


def set_roles(rt: Runtime, username: str, roles) -> UserInfo:
    with rt.write() as session:
        row = session.scalars(select(User).where(User.username == username)).first()
        if row is None:
            raise NotFound(f"Pengguna '{username}' tidak ada")
        wanted = {r.strip() for r in roles if r and r.strip()}
        row.roles = [r for r in row.roles if r.role in wanted] + [
            UserRole(role=r) for r in sorted(wanted - {x.role for x in row.roles})]
        session.flush()
        return user_info(row)


def get_user(rt: Runtime, *, user_id: int | None = None, username: str | None = None) -> UserInfo | None:
    with rt.read() as session:
        if user_id is not None:
            row = session.get(User, user_id)
        else:
            row = session.scalars(select(User).where(User.username == (username or "").strip().lower())).first()
        return user_info(row) if row is not None else None


def list_users(rt: Runtime) -> list[UserInfo]:
    with rt.read() as session:
        return [user_info(r) for r in session.scalars(select(User).order_by(User.username))]


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(rt: Runtime, username: str, name: str = "") -> str:
    """A new API token; only its hash is stored, so it is shown once."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with rt.write() as session:
        row = session.scalars(select(User).where(User.username == username)).first()
        if row is None:
            raise NotFound(f"Pengguna '{username}' tidak ada")
        session.add(ApiToken(user_id=row.id, name=name or "token", token_hash=hash_token(token), created_at=rt.now()))
    return token


TOKEN_CACHE_SECONDS = 30.0
_token_cache: dict[str, tuple[float, UserInfo]] = {}


def user_for_token(rt: Runtime, token: str) -> UserInfo | None:
    """The user an API token belongs to. Answers are cached per process for TOKEN_CACHE_SECONDS
    (a deactivated user or revoked token stops working within that time)."""
    if not token or not token.startswith(TOKEN_PREFIX):
        return None
    key = hash_token(token)
    cached = _token_cache.get(key)
    if cached is not None and time.monotonic() - cached[0] < TOKEN_CACHE_SECONDS:
        return cached[1]
    info = lookup_token(rt, key)
    if info is not None:
        if len(_token_cache) > 10_000:
            _token_cache.clear()
        _token_cache[key] = (time.monotonic(), info)
    return info


def forget_tokens() -> None:
    """Drop cached token answers (after revoking tokens or deactivating users)."""
    _token_cache.clear()


def lookup_token(rt: Runtime, key: str) -> UserInfo | None:
    with rt.read() as session:
        row = session.scalars(
            select(ApiToken).where(ApiToken.token_hash == key, ApiToken.revoked.is_(False))
        ).first()
        if row is None:
            return None
        user = session.get(User, row.user_id)
        return user_info(user) if user is not None and user.is_active else None


def all_lane_roles(rt: Runtime) -> list[str]:
    """Every lane name of every deployed process: the roles staff can be given."""
    from engine.diagrams.deploy import list_processes

    roles = set()
    for version in list_processes(rt):
        roles.update(version.lanes)
    return sorted(roles)
