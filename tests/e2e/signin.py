"""Sign-in for the end-to-end tests and the benchmark: a real OpenID Connect provider on loopback
(``oidc-provider-mock`` in a thread, with people and their role claims), a Streamlit server with
``[auth]`` in its own secrets file, and signing in through the provider's page in the browser."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from oidc_provider_mock import User, run_server_in_thread
from playwright.sync_api import expect

from tests.conftest import ROOT
from tests.e2e.conftest import Server, free_port, new_page, wait_ready

PEOPLE = [
    User(sub="lea", claims={"email": "lea@gemeente.nl", "name": "Lea Lezer", "roles": ["lezer"]}),
    User(sub="sam", claims={"email": "sam@gemeente.nl", "name": "Sam Schrijver", "roles": ["schrijver"]}),
    User(sub="bea", claims={"email": "bea@gemeente.nl", "name": "Bea Beheer", "roles": ["beheerder"]}),
]


@contextmanager
def run_provider() -> Iterator[str]:
    """An OpenID Connect provider on loopback for as long as the block runs; yields its address."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line per request
    with run_server_in_thread(user_claims=PEOPLE) as idp:
        yield f"http://localhost:{idp.server_port}"


def write_secrets(path: Path, port: int, provider: str) -> Path:
    """A secrets file with ``[auth]`` for a server on 127.0.0.1:``port`` signing in at ``provider``."""
    path.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        'cookie_secret = "a-cookie-secret-for-the-tests-0123456789"\n'
        'client_id = "dilemmakaart"\n'
        'client_secret = "dilemmakaart-test"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
        'client_kwargs = { scope = "openid profile email" }\n',
        encoding="utf-8",
    )
    return path


def launch(
    library: Path, log: Path, *, port: int | None = None, address: str | None, secrets: Path | None = None, env=None
) -> Server:
    """A server on ``library``; ``address`` None leaves ``server.address`` to .streamlit/config.toml;
    without ``secrets`` it reads an empty secrets file (no sign-in), never the developer's own."""
    port = port or free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
        "--server.headless", "true", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
    ]  # fmt: skip
    if address is not None:
        command += ["--server.address", address]
    if secrets is None:
        secrets = log.parent / "no-secrets.toml"
        secrets.write_text("", encoding="utf-8")
    command += ["--secrets.files", str(secrets)]
    full_env = dict(os.environ, DILEMMAKAART_CASES=str(library))
    full_env.pop("DILEMMAKAART_OPEN_NETWORK_WITHOUT_SIGN_IN", None)
    full_env.update(env or {})
    handle = open(log, "w")  # noqa: SIM115 (the server writes to it for as long as it runs)
    process = subprocess.Popen(command, cwd=ROOT, env=full_env, stdout=handle, stderr=subprocess.STDOUT)
    return Server(f"http://127.0.0.1:{port}", library, process, log)


def copy_library(base: Path) -> Path:
    library = base / "cases"
    shutil.copytree(ROOT / "cases", library, ignore=shutil.ignore_patterns(".*"))
    return library


def sign_in(browser, server: Server, sub: str):
    """A fresh browser signed in as ``sub`` through the provider's page (the real redirect)."""
    page = new_page(browser)
    page.goto(server.url + "/")
    expect(page.get_by_role("heading", name="Aanmelden bij Dilemmakaart")).to_be_visible()
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url("http://localhost:*/oauth2/authorize*")  # the provider's own page
    page.get_by_role("button", name=sub, exact=True).click()
    page.wait_for_url(server.url + "/**")
    expect(page.get_by_text("Aangemeld als")).to_be_visible()
    wait_ready(page)
    return page
