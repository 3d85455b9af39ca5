"""The generated TypeScript and Python clients of tests/plugins/django/thirdparty_proj (an API made only of
third-party DRF packages, zoned with `urls` and `paths`) call one endpoint of every package on the project
served on 127.0.0.1."""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import free_port, wait_until_answering

pytestmark = [pytest.mark.slow, pytest.mark.node]

PROJECT = Path(__file__).resolve().parents[1] / "plugins" / "django" / "thirdparty_proj"
FLOW = Path(__file__).parent / "typescript" / "thirdparty_flow.mjs"
PACKAGE_NAME = "@tp/api-client"


def env_for(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"DJANGO_SETTINGS_MODULE", "REVOLUTION_DISABLE_PLUGINS", "REVOLUTION_PLUGINS"}}
    env.update(TPPROJ_DB=str(root / "db.sqlite3"), TPPROJ_OUTPUT=str(root / "output"), PYTHONUNBUFFERED="1")
    return env


def manage(root: Path, *args: str) -> None:
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=PROJECT, env=env_for(root),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"


@pytest.fixture(scope="module")
def tp_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("thirdparty")
    manage(root, "migrate", "--noinput", "-v", "0")
    manage(root, "revolution", "--generate")  # the real TypeScript and Python generators
    return root


@pytest.fixture(scope="module")
def tp_server(tp_root: Path) -> Iterator[str]:
    port = free_port()
    log = tp_root / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}"],
            cwd=PROJECT, env=env_for(tp_root), stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(f"{base}/api/auth/schema/", process, log)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_python_client_calls_every_package(tp_root: Path, tp_server: str) -> None:
    root = tp_root / "output" / "clients" / "python"
    sys.path.insert(0, str(root))
    try:
        package: Any = importlib.import_module("tp_api_client")
        with package.API(tp_server) as api:
            user = api.auth.users.create(body={"username": "pyuser", "password": "py-pass-98765-long"})  # djoser
            pair = api.app.token.create(body={"username": "pyuser", "password": "py-pass-98765-long"})  # simplejwt
            api.set_token(pair.access, pair.refresh)
            me = api.auth.users.me()  # djoser's `me` action, authenticated
            jwt = api.auth.jwt.create(body={"username": "pyuser", "password": "py-pass-98765-long"})
            knox = api.auth.knox.login()  # django-rest-knox
            note = api.app.notes.create(body={"title": "from python"})  # project router
            comment = api.app.notes.create_comments(str(note.id), body={"text": "nested"})  # drf-nested-routers
            device = api.devices.gcm.create(body={"registration_id": "py-device-1", "cloud_message_type": "FCM"})
            devices = api.devices.gcm.list()  # django-push-notifications
    finally:
        sys.path.remove(str(root))
    assert user.username == "pyuser" and me.username == "pyuser"
    assert len(jwt.access) > 20
    assert isinstance(knox, dict) and len(knox["token"]) > 10
    assert comment.text == "nested"
    assert device.registration_id == "py-device-1" and [d.registration_id for d in devices] == ["py-device-1"]


def test_typescript_client_calls_every_package(tp_root: Path, tp_server: str, tmp_path: Path) -> None:
    from revolution_typescript.toolchain import ensure_toolchain

    toolchain = ensure_toolchain()
    built = tmp_path / "api-client"
    shutil.copytree(tp_root / "output" / "clients" / "typescript", built)
    tsc = subprocess.run([toolchain.node, str(toolchain.tsc), "-p", str(built / "tsconfig.json"), "--strict"],
                         capture_output=True, text=True, timeout=300)
    assert tsc.returncode == 0, tsc.stdout + tsc.stderr
    scope = tmp_path / "node_modules" / "@tp"
    scope.mkdir(parents=True)
    (scope / "api-client").symlink_to(built, target_is_directory=True)
    shutil.copyfile(FLOW, tmp_path / FLOW.name)
    done = subprocess.run([toolchain.node, FLOW.name, tp_server, PACKAGE_NAME], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "NODE_NO_WARNINGS": "1"})
    assert done.returncode == 0, done.stdout + done.stderr
    seen = json.loads(done.stdout)
    assert seen["registered"] == "tsuser" and seen["me"] == "tsuser"
    assert seen["jwt"] and seen["knox"]
    assert seen["comment"] == "nested" and seen["device"] == "ts-device-1" and seen["devices"] == ["ts-device-1"]
    assert "POST /api/auth/knox/login/ 200" in seen["requests"]
    assert "POST /api/device/gcm/ 201" in seen["requests"]
