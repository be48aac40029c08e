"""The example deployment (deploy/nginx.conf) works: Debian's nginx in front of two Streamlit
processes on one PostgreSQL database; a page loads through it in a real browser (its websocket
works: the app runs and draws), and a process that is killed is taken out while the address keeps
serving from the other one."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dilemmakaart.pgstore import PgCaseLibrary, forget
from dilemmakaart.transfer import import_folder
from tests.conftest import ROOT, require_or_skip
from tests.e2e.conftest import free_port, launch_server, new_page, no_exception, stop_server, wait_healthy, wait_ready
from tests.pg import drop_schema, new_schema

pytestmark = pytest.mark.postgres


def nginx_config(example: str, listen: int, ports: list[int], folder: Path) -> str:
    """The example's upstream and server blocks with these ports, inside a whole nginx.conf that
    keeps everything in ``folder``."""
    body = re.sub(r"(?m)^\s*server 127\.0\.0\.1:\d+ .*;\n", "", example)
    servers = "".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;\n" for p in ports)
    body = body.replace("    ip_hash;\n", "    ip_hash;\n" + servers, 1)
    body = body.replace("    listen 80;", f"    listen 127.0.0.1:{listen};", 1)
    assert servers in body and f"listen 127.0.0.1:{listen};" in body
    temp = "".join(
        f"{kind}_temp_path {folder}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"pid {folder}/nginx.pid;\nerror_log {folder}/error.log;\nevents {{}}\n"
        f"http {{\naccess_log {folder}/access.log;\n{temp}{body}\n}}\n"
    )


@pytest.fixture(scope="module")
def nginx():
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    require_or_skip(
        found is not None, "nginx is not installed (apt-get install nginx-light)", "DILEMMAKAART_REQUIRE_BROWSER"
    )
    assert found is not None
    return found


def test_the_example_nginx_config_serves_two_processes(nginx, pg_server, browser, tmp_path):
    schema, url = new_schema(pg_server)
    assert import_folder(ROOT / "cases", PgCaseLibrary(url)).ok
    folders = [tmp_path / "a", tmp_path / "b"]
    for f in folders:
        f.mkdir()
    # behind a proxy a server without sign-in refuses (safe by default); this test is about the proxy,
    # so the processes are opened to it on purpose (a real deployment configures sign-in: README)
    env = {"DILEMMAKAART_DATABASE_URL": url, "DILEMMAKAART_OPEN_NETWORK_WITHOUT_SIGN_IN": "1"}
    servers = [launch_server(f, tmp_path / f"{f.name}.log", env) for f in folders]
    proxy = None
    try:
        for s in servers:
            wait_healthy(s)
        listen = free_port()
        ports = [int(s.url.rsplit(":", 1)[1]) for s in servers]
        conf = tmp_path / "nginx.conf"
        conf.write_text(nginx_config((ROOT / "deploy" / "nginx.conf").read_text(), listen, ports, tmp_path))
        subprocess.run([nginx, "-t", "-c", str(conf)], check=True, capture_output=True, timeout=30)
        proxy = subprocess.Popen([nginx, "-c", str(conf), "-g", "daemon off;"], stderr=subprocess.PIPE)
        address = f"http://127.0.0.1:{listen}"
        deadline = time.monotonic() + 30
        while True:  # polling a proxy that is starting (not a browser wait)
            try:
                with urllib.request.urlopen(f"{address}/_stcore/health", timeout=10) as answer:
                    assert answer.read().strip() == b"ok"
                break
            except OSError:
                assert proxy.poll() is None and time.monotonic() < deadline, "nginx did not start"
                time.sleep(0.2)

        page = new_page(browser)
        try:
            page.goto(f"{address}/bibliotheek")
            wait_ready(page)  # connected over the proxied websocket, the page's run finished
            expect(page.get_by_role("heading", name="Alle casussen").first).to_be_visible()
            no_exception(page)
            for s in servers:  # the one the browser is not on keeps the address alive alone
                s.process.kill()
                s.process.wait(timeout=10)
                alive = [x for x in servers if x.process.poll() is None]
                if alive:
                    with urllib.request.urlopen(f"{address}/_stcore/health", timeout=10) as answer:
                        assert answer.read().strip() == b"ok"
                    fresh = new_page(browser)
                    try:
                        fresh.goto(f"{address}/")
                        wait_ready(fresh)
                        no_exception(fresh)
                    finally:
                        fresh.context.close()
                    break
        finally:
            page.context.close()
    finally:
        if proxy is not None:
            proxy.terminate()
            proxy.wait(timeout=10)
        for s in servers:
            if s.process.poll() is None:
                stop_server(s)
        forget(url)
        drop_schema(pg_server, schema, url)
