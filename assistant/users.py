"""Users of a team install: a file of `name:argon2-hash` lines (written by `kpi user add`), checked at login.

No file, or a file with no user: the app has no login (single-user default, plans scoped to the browser)."""

from __future__ import annotations

import os
import re
import tempfile
import threading
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from tools.base import Text

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
MIN_PASSWORD = 10
# Argon2 takes ~64 MiB and tens of ms per check by design: at most two checks at once bound a burst of logins.
_CHECKS = threading.BoundedSemaphore(2)


class UserError(ValueError):
    """A refused user-file change, in both languages."""

    def __init__(self, text: Text):
        super().__init__(text.en)
        self.text = text


class UsersFile:
    """The users file: read again whenever it changes, so `kpi user add` takes effect without a restart."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._hasher = PasswordHasher()
        self._cache: tuple[float, dict[str, str]] | None = None
        self._lock = threading.Lock()

    def _read(self) -> dict[str, str]:
        try:
            mtime = self.path.stat().st_mtime
        except FileNotFoundError:
            return {}
        with self._lock:
            if self._cache is None or self._cache[0] != mtime:
                users = {}
                for line in self.path.read_text(encoding="utf-8").splitlines():
                    name, sep, digest = line.strip().partition(":")
                    if sep and not name.startswith("#"):
                        users[name] = digest
                self._cache = (mtime, users)
            return self._cache[1]

    def names(self) -> list[str]:
        """The users, sorted."""
        return sorted(self._read())

    def _write(self, users: dict[str, str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".users-")
        with os.fdopen(fd, "w", encoding="utf-8") as out:  # mkstemp: readable by this account only (0600)
            out.write("# KPI assistant users: name:argon2id hash. Edit with `kpi user add|remove`.\n")
            out.writelines(f"{name}:{digest}\n" for name, digest in sorted(users.items()))
        os.replace(tmp, self.path)

    def add(self, name: str, password: str, replace: bool = False) -> None:
        """Add a user (or, with replace, set a new password)."""
        if not NAME.match(name):
            raise UserError(Text(en="A user name is 1-64 letters, digits, '.', '_', '@' or '-'.",
                                 fr="Un nom d'utilisateur fait 1 à 64 lettres, chiffres, "
                                    "« . », « _ », « @ » ou « - »."))
        if len(password) < MIN_PASSWORD:
            raise UserError(Text(en=f"The password needs at least {MIN_PASSWORD} characters.",
                                 fr=f"Le mot de passe doit compter au moins {MIN_PASSWORD} caractères."))
        users = dict(self._read())
        if name in users and not replace:
            raise UserError(Text(en=f"User '{name}' already exists (use --replace to set a new password).",
                                 fr=f"L'utilisateur « {name} » existe déjà (--replace pour changer son mot de passe)."))
        users[name] = self._hasher.hash(password)
        self._write(users)

    def remove(self, name: str) -> None:
        """Remove a user (their plans stay in the database)."""
        users = dict(self._read())
        if users.pop(name, None) is None:
            raise UserError(Text(en=f"No user named '{name}'.", fr=f"Aucun utilisateur nommé « {name} »."))
        self._write(users)

    def verify(self, name: str, password: str) -> bool:
        """Gradio's login check: True for a known user with the right password."""
        digest = self._read().get(name)
        if digest is None:
            return False
        with _CHECKS:
            try:
                return self._hasher.verify(digest, password)
            except (VerificationError, InvalidHashError):
                return False
