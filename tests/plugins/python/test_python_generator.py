"""The python generator through the real pipeline: layout, packaging, determinism, mypy --strict,
import with only the declared dependencies, options and their errors."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from py_helpers import (
    SHOP_SPEC,
    declared_dependencies,
    isolated_site,
    mypy_strict,
    run_isolated,
    run_pipeline,
    tree,
    write_project,
)
from revolution_python.options import PythonOptions, PythonZoneOptions

from revolution_core.errors import ConfigError
from revolution_core.testing import RevolutionProject


def test_layout_is_one_distribution_with_a_package_per_zone(shop_root: Path) -> None:
    root = shop_root / "clients" / "python"
    files = set(tree(root))
    assert {"pyproject.toml", "README.md", "shop_client/__init__.py", "shop_client/py.typed",
            "shop_client/_runtime/core.py", "shop_client/_runtime/auth.py", "shop_client/_runtime/errors.py",
            "shop_client/_runtime/retry.py"} <= files
    for zone in ("shop", "backoffice"):
        assert {f"shop_client/{zone}/{name}" for name in
                ("__init__.py", "models.py", "client.py", "async_client.py")} <= files
    # the shared runtime exists once, not per zone
    assert not [f for f in files if f.startswith("shop_client/shop/_runtime")]
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    assert project["name"] == "shop-client"
    assert [d.split(">")[0] for d in project["dependencies"]] == ["httpx", "pydantic"]


def test_models_come_from_datamodel_code_generator_without_timestamp(shop_root: Path) -> None:
    models = (shop_root / "clients/python/shop_client/shop/models.py").read_text()
    assert "class Product(BaseModel):" in models
    assert "class OrderStatusEnum(StrEnum):" in models
    assert "timestamp" not in models and "<dict>" not in models
    assert "category: int | None = Field(...)" in models  # strict nullable: required but may be null
    assert "class_: str = Field(..., alias=\"class\")" in models


def test_models_tell_not_sent_from_null_and_accept_enum_values(shop_root: Path) -> None:
    models = (shop_root / "clients/python/shop_client/shop/models.py").read_text()
    assert 'extra="allow"' in models  # unknown response fields are kept
    # optional and not nullable: MISSING (not sent), never None; nullable: None too
    assert "price: Decimal | MISSING = MISSING" in models
    assert "note: str | None | MISSING = MISSING" in models
    assert 'name: str | MISSING = Field(default=MISSING, max_length=200, min_length=1)' in models
    # a Literal of each enum's values, accepted beside the enum in request-only models
    assert 'ProductStatusEnumValue = Literal["active", "archived", "draft"]' in models
    request = models.split("class ProductRequest(BaseModel):")[1].split("class ")[0]
    assert "status: ProductStatusEnum | ProductStatusEnumValue | MISSING = MISSING" in request
    response = models.split("class Product(BaseModel):")[1].split("class ")[0]
    assert "status: ProductStatusEnum | MISSING = MISSING" in response  # responses return the enum
    assert "tags: list[str] | MISSING = MISSING" in response  # constrained string items stay str
    assert "RootModel" not in models
    client = (shop_root / "clients/python/shop_client/shop/client.py").read_text()
    assert "status: m.ProductStatusEnum | m.ProductStatusEnumValue | MISSING = MISSING," in client
    assert "category: int | MISSING = MISSING," in client


def test_resources_and_methods_strip_the_tag(shop_package) -> None:
    client = shop_package.shop.Client("http://testserver")
    assert callable(client.products.list) and callable(client.products.iter)
    assert callable(client.orders.cancel) and callable(client.me.avatar)
    assert callable(client.health.retrieve)  # `health_retrieve`: tag as prefix
    api = shop_package.API("http://testserver")
    assert api.shop.products._core is api.backoffice.orders._core  # one transport for every zone


def test_same_input_gives_the_same_bytes(shop_root: Path, tmp_path: Path) -> None:
    other = tmp_path / "again"
    (other / "specs").mkdir(parents=True)
    (other / "specs" / "shop.yaml").write_bytes(SHOP_SPEC.read_bytes())
    (other / "revolution.toml").write_bytes((shop_root / "revolution.toml").read_bytes())
    # another process with another hash seed: no set or dict ordering leaks into the output
    cli = Path(sys.executable).parent / "revolution"
    ran = subprocess.run([str(cli), "run"], cwd=other, capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONHASHSEED": "12345"})
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert tree(other / "clients/python") == tree(shop_root / "clients/python")
    assert run_pipeline(other, force=True).ok
    assert tree(other / "clients/python") == tree(shop_root / "clients/python")


USAGE_OK = """
from collections.abc import AsyncIterator, Iterator

from shop_client import API, MISSING, AsyncAPI, ValidationError
from shop_client.shop import models as m


def sync(api: API) -> None:
    page: m.PaginatedProductList = api.shop.products.list(category=1, status="active", page=2)
    items: Iterator[m.Product] = api.shop.products.iter(min_price=1.5)
    first = page.results[0]
    again = api.shop.products.list(status=first.status)  # a response's enum (or MISSING) fed back
    api.shop.products.list(status=m.ProductStatusEnum.DRAFT)
    patch = m.PatchedProductRequest(status=first.status)  # ... and into a request model
    api.shop.products.partial_update(first.id, body=m.PatchedProductRequest(status="archived", image=None))
    tags = first.tags
    same: bool = tags is not MISSING and tags[0] == "a"  # list items are str
    api.shop.orders.create(body=m.OrderRequest(items=[], note=None))  # note is nullable
    del again, patch, same
    order: m.Order = api.shop.orders.create(body=m.OrderRequest(items=[m.OrderItemRequest(product=1, quantity=1)]))
    cancelled: m.Order = api.shop.orders.cancel(order.id, headers={"X-Trace": "1"}, timeout=5)
    api.shop.me.avatar(avatar=("a.png", b"...", "image/png"))
    api.shop.products.destroy(1)
    try:
        api.shop.orders.create(body={"items": []})
    except ValidationError as error:
        fields: dict[str, list[str]] = error.field_errors
    del page, items, cancelled, fields


async def run(api: AsyncAPI) -> None:
    product: m.Product = await api.shop.products.retrieve(1)
    stream: AsyncIterator[m.Product] = api.shop.products.iter()
    del product, stream
"""

USAGE_BAD = """
from shop_client import API
from shop_client.shop import models as m

name: int = API("http://x").shop.products.retrieve(1).name
API("http://x").shop.products.retrieve("1")
API("http://x").shop.products.list(status="sold")
API("http://x").shop.orders.cancel()
m.PatchedProductRequest(name=None)
API("http://x").shop.products.list(category=None)
m.PatchedProductRequest(status="sold")
"""


def test_generated_package_passes_mypy_strict_and_its_types_catch_mistakes(shop_root: Path, tmp_path: Path) -> None:
    root = shop_root / "clients/python"
    result = mypy_strict(root, "shop_client", tmp_path / "mypy")
    assert result.returncode == 0, result.stdout + result.stderr
    usage = tmp_path / "usage"
    usage.mkdir()
    (usage / "usage_ok.py").write_text(USAGE_OK)
    (usage / "usage_bad.py").write_text(USAGE_BAD)
    env = {**os.environ, "MYPYPATH": str(root)}
    command = [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "mypy")]
    ok = subprocess.run([*command, "usage_ok.py"], cwd=usage, capture_output=True, text=True, timeout=300, env=env)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = subprocess.run([*command, "usage_bad.py"], cwd=usage, capture_output=True, text=True, timeout=300, env=env)
    errors = [line for line in bad.stdout.splitlines() if ": error:" in line]
    assert [line.split(":")[1] for line in errors] == ["5", "6", "7", "8", "9", "10", "11"], bad.stdout


def test_builds_a_wheel_that_imports_with_only_its_declared_dependencies(shop_root: Path, tmp_path: Path) -> None:
    package_root = shop_root / "clients/python"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(tmp_path / "dist"),
                    str(package_root)], check=True, capture_output=True, timeout=120)
    wheels = list((tmp_path / "dist").glob("shop_client-0.1.0-*.whl"))
    assert len(wheels) == 1, wheels
    installed = tmp_path / "installed"
    subprocess.run([*pip, "install", "--no-deps", "--no-index", "--target", str(installed), str(wheels[0])],
                   check=True, capture_output=True, timeout=120)
    assert (installed / "shop_client" / "py.typed").is_file()
    site = isolated_site(declared_dependencies(package_root), tmp_path / "site")
    result = run_isolated(
        "import shop_client\n"
        "from shop_client.shop import Client, AsyncClient, models\n"
        "print(shop_client.__file__.startswith(sys.path[1]), models.Product.__name__, shop_client.API.__name__)\n"
        "try:\n    import datamodel_code_generator\nexcept ImportError:\n    print('isolated')\n",
        [site, installed],
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "Product", "API", "isolated"]


MODEL_TYPES = {"td": "typing.TypedDict", "dc": "dataclasses.dataclass", "pdc": "pydantic_v2.dataclass"}
ORDER = {"id": 7, "status": "paid", "items": [{"product": 1, "quantity": 2}], "total": "9.90",
         "created_at": "2026-01-02T03:04:05Z", "note": None}


def test_other_model_types_are_selectable_per_zone(tmp_path: Path) -> None:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "shop.yaml").write_bytes(SHOP_SPEC.read_bytes())
    zones = {zone: {"openapi_file": "specs/shop.yaml",
                    "generators": [{"name": "python", "options": {"output_model_type": kind}}]}
             for zone, kind in MODEL_TYPES.items()}
    write_project(tmp_path, zones, {"package_name": "variants"})
    assert run_pipeline(tmp_path).ok
    root = tmp_path / "clients/python"
    assert "class OrderRequest(TypedDict):" in (root / "variants/td/models.py").read_text()
    assert "@dataclass(kw_only=True)" in (root / "variants/dc/models.py").read_text()
    result = mypy_strict(root, "variants", tmp_path / "mypy")
    assert result.returncode == 0, result.stdout + result.stderr
    code = (
        "import httpx, json, variants\n"
        f"order = {ORDER!r}\n"
        "transport = httpx.MockTransport(lambda request: httpx.Response(200, json=[order]))\n"
        "api = variants.API('http://testserver', http_client=httpx.Client(transport=transport))\n"
        f"for zone in {list(MODEL_TYPES)!r}:\n"
        "    first = getattr(api, zone).orders.list()[0]\n"
        "    print(zone, type(first).__name__, first['total'] if isinstance(first, dict) else first.total)\n"
    )
    ran = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.splitlines() == ["td dict 9.90", "dc Order 9.90", "pdc Order 9.90"]


def test_unknown_or_invalid_options_are_located_config_errors(tmp_path: Path) -> None:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "shop.yaml").write_bytes(SHOP_SPEC.read_bytes())
    write_project(tmp_path, {"shop": {"openapi_file": "specs/shop.yaml"}},
                  {"package_name": "not a name", "colour": "blue", "output_model_type": "attrs"})
    with pytest.raises(ConfigError) as error:
        run_pipeline(tmp_path)
    text = str(error.value)
    assert "package_name" in text and "not a valid distribution name" in text
    assert "colour: unknown setting" in text
    assert "output_model_type" in text


def test_module_name_follows_package_name() -> None:
    assert PythonOptions(package_name="example-api-client").module == "example_api_client"
    with pytest.raises(ValueError, match="Python keyword"):
        PythonOptions(package_name="class")
    with pytest.raises(ValueError, match="starting with '/'"):
        PythonOptions(refresh_path="api/token/refresh/")


def test_a_per_zone_package_name_is_a_configuration_error_before_any_work(tmp_path: Path) -> None:
    """All zones form one distribution: a zone's own package_name is refused by the plan, before any zone is
    generated (so no zone can be moved into another package)."""
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "shop.yaml").write_bytes(SHOP_SPEC.read_bytes())
    (tmp_path / "revolution.toml").write_text(
        'generators = ["python"]\narchivers = []\n'
        '[zones.a]\nopenapi_file = "specs/shop.yaml"\n'
        '[zones.b]\nopenapi_file = "specs/shop.yaml"\n'
        'generators = [{name = "python", options = {package_name = "other-client"}}]\n'
    )
    with pytest.raises(ConfigError) as error:
        run_pipeline(tmp_path)
    assert ("zones.b.generators[0].options.package_name: `package_name` is a run-wide setting of generator "
            "'python'") in str(error.value)
    assert "set it in plugin_options.python" in str(error.value)
    assert not (tmp_path / "clients").exists() and not (tmp_path / "openapi").exists()


def test_bad_model_options_name_the_zone(tmp_path: Path) -> None:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "shop.yaml").write_bytes(SHOP_SPEC.read_bytes())
    write_project(tmp_path, {"shop": {"openapi_file": "specs/shop.yaml"}},
                  {"model_options": {"no_such_option": True}})
    report = run_pipeline(tmp_path)
    assert not report.ok
    error = report.failures[0].error or ""
    assert "zone 'shop'" in error and "model_options" in error


def test_registered_through_the_entry_point_and_cheap_to_load() -> None:
    from revolution_core.plugins import build_registry

    registry = build_registry()
    assert "python" in registry.names("generators")
    assert registry.owners[registry.get("generators", "python")] == "python"
    code = ("import sys, revolution_python.plugin\n"
            "print(sorted(m for m in ('jinja2', 'datamodel_code_generator', 'httpx', 'yaml') if m in sys.modules))")
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert ran.stdout.strip() == "[]", ran.stdout + ran.stderr


AUTH_SPEC = """openapi: 3.0.3
info: {title: Auth, version: v1}
paths:
  /api/auth/token/refresh/:
    post:
      operationId: refresh_token
      tags: [token]
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/TokenRefreshRequest'}
      responses:
        '200':
          description: ''
          content:
            application/json:
              schema: {$ref: '#/components/schemas/TokenRefresh'}
components:
  schemas:
    TokenRefreshRequest:
      type: object
      properties: {refresh: {type: string}}
      required: [refresh]
    TokenRefresh:
      type: object
      properties: {access: {type: string, readOnly: true}}
      required: [access]
"""


def _refresh_project(root: Path, python: dict[str, str]) -> Path:
    (root / "specs").mkdir(parents=True)
    (root / "specs" / "shop.yaml").write_bytes(SHOP_SPEC.read_bytes())
    (root / "specs" / "auth.yaml").write_text(AUTH_SPEC)
    write_project(root, {"shop": {"openapi_file": "specs/shop.yaml"}, "auth": {"openapi_file": "specs/auth.yaml"}},
                  {"package_name": "refreshing", **python})
    assert run_pipeline(root).ok
    return root / "clients/python"


def test_refresh_path_defaults_to_the_simplejwt_endpoint_of_the_zones(tmp_path: Path) -> None:
    # The README's quick start sets no refresh_path and promises that set_token(access, refresh) refreshes on 401.
    root = _refresh_project(tmp_path, {})
    package = root / "refreshing"
    assert 'DEFAULT_REFRESH_PATH: str | None = "/api/auth/token/refresh/"' in (package / "__init__.py").read_text()
    assert 'DEFAULT_REFRESH_PATH: str | None = "/api/auth/token/refresh/"' in (package / "auth/client.py").read_text()
    assert "DEFAULT_REFRESH_PATH: str | None = None" in (package / "shop/client.py").read_text()  # its own schema only
    readme = (root / "README.md").read_text()
    assert "POST /api/auth/token/refresh/" in readme
    assert "\napi.set_token(access, refresh)\n" in readme  # one line: ruff format wrapped it around a long comment
    code = (
        "import httpx, json, refreshing\n"
        "seen = []\n"
        "def handle(request):\n"
        "    seen.append(request.url.path)\n"
        "    if request.url.path.endswith('/token/refresh/'):\n"
        "        return httpx.Response(200, json={'access': 'fresh'})\n"
        "    if request.headers['authorization'] != 'Bearer fresh':\n"
        "        return httpx.Response(401, json={'detail': 'expired'})\n"
        "    return httpx.Response(200, json=[])\n"
        "api = refreshing.API('http://testserver', http_client=httpx.Client(transport=httpx.MockTransport(handle)))\n"
        "api.set_token('stale', 'r1')\n"
        "print(api.shop.orders.list(), seen)\n"
    )
    ran = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "[] ['/api/shop/orders/', '/api/auth/token/refresh/', '/api/shop/orders/']"


def test_an_empty_refresh_path_turns_refreshing_off(tmp_path: Path) -> None:
    package = _refresh_project(tmp_path, {"refresh_path": ""}) / "refreshing"
    assert "DEFAULT_REFRESH_PATH: str | None = None" in (package / "__init__.py").read_text()
    assert "DEFAULT_REFRESH_PATH: str | None = None" in (package / "auth/client.py").read_text()


def test_a_zone_named_like_an_api_member_fails_with_a_fix(tmp_path: Path) -> None:
    # `self.tokens = ...` in API.__init__ raised "property 'tokens' of 'API' object has no setter" on import
    # of any client; a zone `close` silently replaced API.close().
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "shop.yaml").write_bytes(SHOP_SPEC.read_bytes())
    zones = {"tokens": {"openapi_file": "specs/shop.yaml"}, "shop": {"openapi_file": "specs/shop.yaml"}}
    write_project(tmp_path, zones, {"package_name": "members"})
    report = run_pipeline(tmp_path)
    failures = {step.zone: step.error or "" for step in report.failures}
    assert list(failures) == ["tokens"]
    assert "zone 'tokens' cannot be an attribute of the Python API class" in failures["tokens"]
    assert "rename the zone (e.g. 'tokens_api')" in failures["tokens"]
    ran = subprocess.run([sys.executable, "-c", "import members; print(members.API('http://x').shop)"],
                         cwd=tmp_path / "clients/python", capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0, ran.stderr


def test_readme_documents_every_option_and_the_reserved_zone_names() -> None:
    from revolution_python.plugin import API_MEMBERS

    readme = (Path(__file__).parents[3] / "plugins/revolution_python/README.md").read_text()
    documented = set(re.findall(r"^\| `(\w+)` \|", readme, flags=re.MULTILINE))
    assert documented == set(PythonOptions.model_fields) | set(PythonZoneOptions.model_fields)
    assert all(f"`{name}`" in readme for name in API_MEMBERS)


def test_version_follows_the_api_unless_package_version_fixes_it(tmp_path: Path) -> None:
    """The clients' release version (docs/releases.md) and its CHANGELOG.md; `package_version` still wins."""
    for folder, python, version in (("released", {}, "0.1.0"), ("pinned", {"package_version": "9.9.9"}, "9.9.9")):
        root = tmp_path / folder
        (root / "specs").mkdir(parents=True)
        (root / "specs" / "shop.yaml").write_text(SHOP_SPEC.read_text())
        write_project(root, {"shop": {"openapi_file": "specs/shop.yaml"}}, python)
        assert run_pipeline(root).ok
        package = root / "clients/python"
        assert tomllib.loads((package / "pyproject.toml").read_text())["project"]["version"] == version
        changelog = (package / "CHANGELOG.md").read_text()
        assert changelog.startswith("# Changelog of api-client\n") and "## 0.1.0\n" in changelog


def test_large_runs_in_worker_processes_write_the_same_bytes(revolution_project, tmp_path_factory, monkeypatch):
    """Zones generated in `python -m revolution_python.parallel` workers (forced here on a small schema)
    are byte for byte the zones generated in-process."""
    import yaml
    from revolution_python import parallel

    document = yaml.safe_load((Path(__file__).parent / "drf_shop.yaml").read_text())

    def generate(root: Path, workers: bool) -> dict[str, bytes]:
        (root / "specs").mkdir(parents=True)
        for zone in ("shop", "backoffice"):
            (root / "specs" / f"{zone}.json").write_text(json.dumps(document))
        project = RevolutionProject(root, {"zones": {z: {"openapi_file": f"specs/{z}.json", "generators": ["python"]}
                                                     for z in ("shop", "backoffice")}, "archivers": []}).write()
        with monkeypatch.context() as patch:
            if workers:
                patch.setattr(parallel, "PARALLEL_FROM_COMPONENTS", 1)
                patch.setattr(parallel, "cores", lambda: 2)
            result = project.run("run", "--max-workers", "2")
        assert result.exit_code == 0, result.output
        assert ("in up to 2 processes" in result.output) is workers
        return project.tree("clients", "python")

    in_process = generate(tmp_path_factory.mktemp("in_process"), workers=False)
    assert generate(tmp_path_factory.mktemp("workers"), workers=True) == in_process
