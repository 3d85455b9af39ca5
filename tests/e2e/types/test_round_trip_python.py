"""Issue 14, Python types that round-trip: a user script that feeds response enums back into parameters and
request models, compares list items to `str` and leaves optional fields out passes `mypy --strict`, and runs
correctly against the served project. Mistakes (a wrong enum value, None where the schema is not nullable)
fail mypy."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

USER_SCRIPT = '''
"""Round-trips response values into calls."""

from __future__ import annotations

import json
import sys

import httpx
from pydantic import MISSING

from typesproj_client import API
from typesproj_client.shop import models as m


def main(base_url: str) -> dict[str, object]:
    bodies: list[bytes] = []
    http = httpx.Client(event_hooks={"request": [lambda request: bodies.append(request.read())]})
    out: dict[str, object] = {}
    with API(base_url, http_client=http) as api:
        lamp = api.shop.products.retrieve(1)
        status = lamp.status                                    # the enum, as the response holds it
        same = [p.name for p in api.shop.products.iter(status=status)]  # ... fed back as a parameter
        drafts = api.shop.products.list(status="draft")         # its plain value works too
        tags = lamp.tags
        out["first_tag_is_light"] = tags is not MISSING and tags[0] == "light"  # items are str
        out["tags"] = [] if tags is MISSING else [tag.upper() for tag in tags]
        out["active"] = same
        out["drafts"] = [p.name for p in drafts.results]
        out["status_is_active"] = status == "active" and status == m.ProductStatusEnum.ACTIVE
        # status from a response into a request model; note and discount left out: not sent at all
        bodies.clear()
        stool = api.shop.products.create(body=m.ProductRequest(name="Stool", status=status, tags=["wood"]))
        out["sent"] = json.loads(bodies[-1])
        out["stool"] = [stool.name, str(stool.status), stool.note, stool.discount]
        # None where the schema says nullable is sent as null
        bodies.clear()
        api.shop.products.create(body=m.ProductRequest(name="Shelf", discount=None, status=m.ProductStatusEnum.DRAFT))
        out["sent_null"] = json.loads(bodies[-1])
    return out


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1]), default=str))
'''

USER_MISTAKES = '''
from typesproj_client import API
from typesproj_client.shop import models as m

api = API("http://127.0.0.1:1")
api.shop.products.list(status="sold")
m.ProductRequest(name="x", note=None)
m.ProductRequest(name="x", status="sold")
api.shop.products.list(page=None)
tag: int = api.shop.products.retrieve(1).tags[0]
'''


def mypy(folder: Path, script: str, package_root: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(cache), script],
                          cwd=folder, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "MYPYPATH": str(package_root)})


def test_user_script_passes_mypy_strict_and_runs(types_clients: Path, types_server: str, tmp_path: Path) -> None:
    package_root = types_clients / "python"
    (tmp_path / "user_script.py").write_text(USER_SCRIPT, encoding="utf-8")
    (tmp_path / "user_mistakes.py").write_text(USER_MISTAKES, encoding="utf-8")
    checked = mypy(tmp_path, "user_script.py", package_root, tmp_path / "mypy")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    mistakes = mypy(tmp_path, "user_mistakes.py", package_root, tmp_path / "mypy")
    lines = sorted({int(line.split(":")[1]) for line in mistakes.stdout.splitlines() if ": error:" in line})
    assert lines == [6, 7, 8, 9, 10], mistakes.stdout  # every mistake, nothing else

    ran = subprocess.run([sys.executable, "user_script.py", types_server], cwd=tmp_path, capture_output=True,
                         text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(package_root)})
    assert ran.returncode == 0, ran.stderr
    assert "ResponseValidationWarning" not in ran.stderr  # this server keeps its promises
    out = json.loads(ran.stdout)
    assert out["first_tag_is_light"] is True and out["tags"] == ["LIGHT", "HOME"]
    assert out["active"] == ["Lamp", "Desk"] and out["drafts"] == ["Chair"]
    assert out["status_is_active"] is True
    assert out["sent"] == {"name": "Stool", "status": "active", "tags": ["wood"]}  # no note, no discount
    assert out["stool"] == ["Stool", "active", "", None]  # the server's defaults
    assert out["sent_null"] == {"name": "Shelf", "discount": None, "status": "draft"}
