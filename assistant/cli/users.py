"""`kpi user add|remove|list`: the users who may log in (a team install; no user means no login)."""

from __future__ import annotations

import getpass
import sys

import typer

from assistant.config import load_settings


def _file():
    from assistant.users import UsersFile
    return UsersFile(load_settings().users_path)


def register(app: typer.Typer) -> None:
    """Add the `user` command group to the `kpi` app."""
    users = typer.Typer(help="Users who may log in to the web app (stored hashed with Argon2).", no_args_is_help=True)
    app.add_typer(users, name="user")

    @users.command("add")
    def add(name: str, password_stdin: bool = typer.Option(False, help="Read the password from standard input"),
            replace: bool = typer.Option(False, help="Set a new password for an existing user")) -> None:
        """Add a user; the password is asked twice (or read from stdin)."""
        from assistant.users import UserError
        if password_stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("Password / mot de passe: ")
            if getpass.getpass("Again / encore: ") != password:
                typer.echo("The passwords differ. / Les mots de passe diffèrent.", err=True)
                raise typer.Exit(2)
        file = _file()
        try:
            file.add(name, password, replace=replace)
        except UserError as err:
            typer.echo(f"{err.text.en} / {err.text.fr}", err=True)
            raise typer.Exit(2) from None
        typer.echo(f"{name}: saved in {file.path} (login is on while this file has a user).")

    @users.command("remove")
    def remove(name: str) -> None:
        """Remove a user (their saved plans stay)."""
        from assistant.users import UserError
        try:
            _file().remove(name)
        except UserError as err:
            typer.echo(f"{err.text.en} / {err.text.fr}", err=True)
            raise typer.Exit(2) from None
        typer.echo(f"{name}: removed.")

    @users.command("list")
    def list_users() -> None:
        """The users, one a line."""
        for name in _file().names():
            typer.echo(name)
