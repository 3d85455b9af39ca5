"""Authentication in the generated Python package, from a schema with every kind of scheme (the same
document as the TypeScript tests): SCHEMES and the per-operation Security constants, a typed
`set_credentials` under mypy --strict, and what each generated method sends."""

from __future__ import annotations

import importlib
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import httpx
import pytest
from py_helpers import mypy_strict, run_pipeline, write_project

AUTH_SPEC = Path(__file__).parents[1] / "typescript" / "specs" / "auth.json"

USAGE = '''from partner_client import API, Credentials

api = API("http://127.0.0.1:1")
good: Credentials = {"tokenAuth": "k", "basicAuth": ("u", "p"), "partnerKey": "q", "jwtAuth": None}
api.set_credentials(good)
'''
MISTAKES = '''from partner_client import API

api = API("http://127.0.0.1:1")
api.set_credentials({"nope": "x"})
api.set_credentials({"basicAuth": "u:p"})
api.set_credentials({"cookieAuth": "x"})
'''


@pytest.fixture(scope="module")
def partner_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("python_auth")
    (root / "specs").mkdir()
    shutil.copyfile(AUTH_SPEC, root / "specs" / "auth.json")
    write_project(root, {"partner": {"openapi_file": "specs/auth.json"}}, {"package_name": "partner-client"})
    report = run_pipeline(root)
    assert report.ok, report.to_dict()
    return root / "clients" / "python"


@pytest.fixture(scope="module")
def partner(partner_root: Path) -> Iterator[ModuleType]:
    sys.path.insert(0, str(partner_root))
    try:
        yield importlib.import_module("partner_client")
    finally:
        sys.path.remove(str(partner_root))


def test_generated_module_spells_schemes_and_security_by_content(partner_root: Path) -> None:
    source = (partner_root / "partner_client" / "partner" / "client.py").read_text()
    assert '    "tokenAuth": Scheme("token", prefix="Token"),' in source
    assert '    "partnerKey": Scheme("apikey", location="query", name="api_key"),' in source
    import ast  # a long entry is wrapped by ruff format: compare the expression, not its layout

    schemes = next(node.value for node in ast.parse(source).body
                   if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "SCHEMES")
    assert isinstance(schemes, ast.Dict)
    pairs = zip(schemes.keys, schemes.values, strict=True)
    spelled = {ast.literal_eval(key): ast.unparse(value) for key, value in pairs if key is not None}
    assert spelled["cookieAuth"] == ("Scheme('session', location='cookie', name='sessionid', csrf_cookie='csrftoken', "
                                     "csrf_header='X-CSRFToken')")
    assert '_AUTH_JWT_AUTH_OR_ANONYMOUS = Security((("jwtAuth",), ()), SCHEMES)' in source
    assert '_NO_AUTH_OBTAIN = Security((), SCHEMES, role="obtain")' in source
    assert "security=_AUTH_TOKEN_AUTH_OR_BASIC_AUTH," in source


@pytest.mark.slow
def test_set_credentials_is_typed_by_the_schemes(partner_root: Path, tmp_path: Path) -> None:
    (partner_root / "usage_ok.py").write_text(USAGE)
    (partner_root / "usage_bad.py").write_text(MISTAKES)
    try:
        good = mypy_strict(partner_root, "usage_ok.py", tmp_path / "cache")
        bad = mypy_strict(partner_root, "usage_bad.py", tmp_path / "cache")
    finally:
        (partner_root / "usage_ok.py").unlink()
        (partner_root / "usage_bad.py").unlink()
    assert good.returncode == 0, good.stdout
    errors = [line for line in bad.stdout.splitlines() if "usage_bad.py" in line]
    assert [line.split(":")[1] for line in errors] == ["4", "5", "6"], bad.stdout


def test_generated_methods_send_only_what_their_operation_accepts(partner: ModuleType) -> None:
    sent: list[str] = []

    def server(request: httpx.Request) -> httpx.Response:
        query = f"?{request.url.query.decode()}" if request.url.query else ""
        sent.append(f"{request.method} {request.url.path}{query} {request.headers.get('Authorization', '-')}")
        if request.url.path == "/api/token/":
            return httpx.Response(401, json={"detail": "No active account found with the given credentials"})
        return httpx.Response(200, json=["x"] if request.url.path == "/api/catalog/" else {})

    with partner.API("http://api.test", http_client=httpx.Client(transport=httpx.MockTransport(server))) as api:
        api.set_token("access", "refresh")
        api.set_credentials({"tokenAuth": "k1", "partnerKey": "q1"})
        api.partner.catalog.list()
        api.partner.stock.list()
        api.partner.feed.list()
        with pytest.raises(partner.AuthenticationError) as login:
            api.partner.token.create(body={"username": "u", "password": "wrong"})
        assert login.value.detail == "No active account found with the given credentials"
        api.set_credentials({"tokenAuth": None, "basicAuth": ("ann", "pw")})
        api.partner.stock.list()
        with pytest.raises(ValueError, match="cookie jar"):
            api.set_credentials({"cookieAuth": "x"})  # type: ignore[typeddict-unknown-key]
    assert sent == ["GET /api/catalog/ Bearer access", "GET /api/stock/ Token k1", "GET /api/feed/?api_key=q1 -",
                    "POST /api/token/ -", "GET /api/stock/ Basic YW5uOnB3"]
