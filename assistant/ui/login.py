"""Login for a team install: Gradio's login page checked against the users file, or a trusted proxy header; and
login cookies every replica accepts (Gradio keeps them in one process's memory, under a random cookie name)."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterator, MutableMapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from assistant.config import Settings
from assistant.db.schema import login_tokens
from assistant.users import NAME, UsersFile

log = logging.getLogger(__name__)

AUTH_MESSAGE = ("Connectez-vous avec le compte que votre administrateur a créé (kpi user add). / "
                "Log in with the account your administrator created (kpi user add).")


def trusted_header_user(settings: Settings) -> Callable[[Any], str | None]:
    """Gradio's auth_dependency: the user named by the proxy's header, only when the request comes from a trusted
    proxy address; None (Gradio answers 401) otherwise."""
    header, proxies = settings.trusted_user_header, set(settings.trusted_proxies)

    def user(request) -> str | None:
        peer = request.client.host if request.client else None
        name = (request.headers.get(header) or "").strip()
        if peer not in proxies:
            if name:
                log.warning("refused %s header from untrusted address %s", header, peer)
            return None
        return name if NAME.match(name) else None

    return user


def launch_options(settings: Settings) -> dict[str, Any]:
    """The login arguments of demo.launch(): a trusted header, else the users file when it has a user, else none."""
    if settings.trusted_user_header:
        return {"auth_dependency": trusted_header_user(settings)}
    users = UsersFile(settings.users_path)
    if users.names():
        return {"auth": users.verify, "auth_message": AUTH_MESSAGE}
    return {}


def _sha(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class SharedTokens(MutableMapping):
    """Gradio's token -> user map, kept in the database (hashed) so a login made on one replica works on all, and
    expiring after `ttl_hours`. Iteration yields "sha256:<hash>" keys, which index and delete like the tokens."""

    def __init__(self, engine: Engine, ttl_hours: float, clock: Callable[[], float] = time.time):
        self.engine, self.ttl, self.clock = engine, ttl_hours * 3600, clock

    @staticmethod
    def _key(token: str) -> str:
        return token[7:] if token.startswith("sha256:") else _sha(token)

    def __getitem__(self, token: str) -> str:
        if not isinstance(token, str) or not token:  # no cookie at all
            raise KeyError(token)
        q = sa.select(login_tokens.c.username).where(login_tokens.c.token_sha256 == self._key(token),
                                                     login_tokens.c.expires_at > self.clock())
        with self.engine.connect() as con:
            user = con.execute(q).scalar()
        if user is None:
            raise KeyError(token)
        return user

    def __setitem__(self, token: str, username: str) -> None:
        with self.engine.connect().execution_options(write=True) as con, con.begin():
            con.execute(login_tokens.delete().where(login_tokens.c.expires_at <= self.clock()))
            con.execute(login_tokens.insert().values(token_sha256=self._key(token), username=username,
                                                     expires_at=self.clock() + self.ttl))

    def __delitem__(self, token: str) -> None:
        with self.engine.connect().execution_options(write=True) as con, con.begin():
            con.execute(login_tokens.delete().where(login_tokens.c.token_sha256 == self._key(token)))

    def __iter__(self) -> Iterator[str]:
        with self.engine.connect() as con:
            rows = con.execute(sa.select(login_tokens.c.token_sha256)
                               .where(login_tokens.c.expires_at > self.clock())).scalars().all()
        return iter(f"sha256:{h}" for h in rows)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def share_logins(server_app: Any, engine: Engine, secret: str, ttl_hours: float) -> None:
    """Make a launched Gradio app keep its logins in the database under a cookie name all replicas share."""
    server_app.tokens = SharedTokens(engine, ttl_hours)
    server_app.cookie_id = hashlib.sha256(f"kpi-login:{secret}".encode()).hexdigest()[:43]


def launch_with_login(demo: Any, settings: Settings, **launch_kwargs: Any) -> None:
    """demo.launch(**launch_kwargs) with the login the settings ask for, its cookies shared by every replica through
    the database; blocks until the server stops."""
    from assistant.db import open_engine
    from assistant.db.secrets import shared_secret

    options = launch_options(settings)
    # Gradio copies every component's config for each page it has seen and keeps up to 10 000 such pages.
    launch_kwargs.setdefault("state_session_capacity", settings.page_state_capacity)
    demo.launch(prevent_thread_lock=True, **launch_kwargs, **options)
    if "auth" in options:
        engine = open_engine(settings)
        share_logins(demo.server_app, engine, shared_secret(engine, "login_cookie"), settings.session_ttl_hours)
    demo.block_thread()
