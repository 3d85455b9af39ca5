"""The typescript generator with the real @hey-api/openapi-ts and tsc, on small OpenAPI documents."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from ts_helpers import (
    TWO_ZONES,
    Generated,
    context,
    job_for,
    run_tsc,
    run_with_launcher,
    write_project,
)

from revolution_core.testing import sample_openapi

pytestmark = pytest.mark.node

USAGE = """
import API, { APIError, type Public } from './index.js';

export async function usage(): Promise<void> {
  const api = new API('http://127.0.0.1:1', { storage: 'memory', refreshPath: '/api/token/refresh/' });
  const page = await api.public.listProducts({ query: { page: 2, search: 'x' } });
  const count: number = page.count;
  const first: Public.Product | undefined = page.results[0];
  const product = await api.public.retrieveProducts({ path: { id: 1 } });
  const id: number = product.id;
  await api.public.updateAvatar({ body: { avatar: new Blob(['png']) } });
  const orders = await api.client.listOrders();
  api.setToken('access', 'refresh');
  const token: string | null = api.getToken();
  api.setHeaders({ 'Accept-Language': 'de', 'X-Old': null });
  api.clearTokens();
  try {
    await api.client.retrieveOrders({ path: { id: 1 } });
  } catch (error) {
    if (error instanceof APIError) {
      const status: number = error.status;
      console.log(status, error.body);
    }
  }
  // @ts-expect-error: the response type is checked, not `any`
  page.no_such_field;
  // @ts-expect-error: path parameters are required
  await api.public.retrieveProducts({});
  console.log(count, first, id, orders, token);
}
"""


def _files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_one_node_process_generates_every_zone(two_zone_run: Generated) -> None:
    """openapi-ts for every zone in one node process (its heap capped), the dist/ build in a fresh one."""
    assert two_zone_run.exit_code == 0, two_zone_run.output
    assert len(two_zone_run.driver_launches) == 2, two_zone_run.launches
    capped = [line for line in two_zone_run.driver_launches if "--max-old-space-size=" in line]
    assert len(capped) == 1 and capped[0] == two_zone_run.driver_launches[0], two_zone_run.launches
    assert len(two_zone_run.launches) <= 3, two_zone_run.launches  # the drivers and at most one version probe
    for zone in ("public", "client"):
        assert (two_zone_run.package / zone / "sdk.gen.ts").is_file()
        assert (two_zone_run.package / zone / "types.gen.ts").is_file()


def test_zones_share_one_client_runtime(two_zone_run: Generated) -> None:
    package = two_zone_run.package
    assert (package / "_runtime/client/client.gen.ts").is_file()
    assert (package / "_runtime/core/bodySerializer.gen.ts").is_file()
    for zone in ("public", "client"):
        assert not (package / zone / "client").exists() and not (package / zone / "core").exists()
        sdk = (package / zone / "sdk.gen.ts").read_text()
        assert "from '../_runtime/client/index.js'" in sdk
        assert re.search(r"from '\./client[/']", sdk) is None


def test_drf_defaults_no_writable_duplicates(two_zone_run: Generated) -> None:
    types = (two_zone_run.package / "public/types.gen.ts").read_text()
    assert "Writable" not in types
    assert "export type ProductRequest = {" in types and "export type Product = {" in types
    assert "avatar: Blob | File;" in types


def test_consolidated_package_files(two_zone_run: Generated) -> None:
    package = two_zone_run.package
    manifest = json.loads((package / "package.json").read_text())
    assert manifest["name"] == "@sample/shop-api"
    assert manifest["version"] == "1.0.0"  # the project's version
    assert manifest["types"] == "./dist/index.d.ts"
    assert set(manifest["exports"]) == {".", "./public", "./public/*", "./client", "./client/*", "./package.json"}
    assert manifest["devDependencies"] == {"typescript": "5.9.3"}
    index = (package / "index.ts").read_text()
    assert "export default class API extends APIBase" in index
    assert "readonly 'public': BoundZone<typeof zone_public>;" in index
    assert "this['client'] = this.bindZone(zone_client, security_client, 'client');" in index
    assert 'DEFAULT_REFRESH_PATH: string | null = null;' in index  # no refresh view in these schemas: none
    assert json.loads((package / "tsconfig.json").read_text())["compilerOptions"]["strict"] is True


def test_no_absolute_paths_or_timestamps(two_zone_run: Generated) -> None:
    root = str(two_zone_run.project.root)
    for path in two_zone_run.package.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert root not in text and "/tmp" not in text, path
            assert re.search(r"20\d\d-\d\d-\d\d", text) is None, path


def test_tsc_strict_accepts_the_package_and_its_typed_use(two_zone_run: Generated, ts_toolchain: Any,
                                                          tmp_path: Path) -> None:
    package = tmp_path / "package"
    shutil.copytree(two_zone_run.package, package)
    (package / "usage.ts").write_text(USAGE, encoding="utf-8")
    result = run_tsc(ts_toolchain, package, "--noEmit", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr


def test_same_input_gives_byte_identical_output(two_zone_run: Generated, tmp_path: Path) -> None:
    again = write_project(tmp_path / "elsewhere", TWO_ZONES,
                          plugin_options={"typescript": {"package_name": "@sample/shop-api"}})
    second = run_with_launcher(again, tmp_path / "launcher", "--force")
    assert second.exit_code == 0, second.output
    assert again.tree("clients", "typescript") == two_zone_run.project.tree("clients", "typescript")


def test_a_schema_needing_more_than_the_heap_cap_is_generated_again_without_it(
        two_zone_run: Generated, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from revolution_typescript import toolchain

    monkeypatch.setattr(toolchain, "heap_limit", lambda largest: 4)  # far too small for openapi-ts
    again = write_project(tmp_path / "elsewhere", TWO_ZONES,
                          plugin_options={"typescript": {"package_name": "@sample/shop-api"}})
    second = run_with_launcher(again, tmp_path / "launcher", "--force")
    assert second.exit_code == 0, second.output
    assert [("--max-old-space-size=4" in line) for line in second.driver_launches] == [True, False, False]
    assert again.tree("clients", "typescript") == two_zone_run.project.tree("clients", "typescript")


def test_unchanged_rerun_starts_no_node(two_zone_run: Generated, tmp_path: Path) -> None:
    rerun = run_with_launcher(two_zone_run.project, tmp_path / "launcher")
    assert rerun.exit_code == 0, rerun.output
    assert rerun.driver_launches == []
    assert (two_zone_run.package / "_runtime/client/index.ts").is_file()  # finalize kept the runtime


def test_missing_node_fails_clearly_and_other_generators_still_write(revolution_project, monkeypatch) -> None:
    project = revolution_project(zones={"public": {"generators": ["typescript", "python"]}})
    monkeypatch.setenv("REVOLUTION_NODE", "/nonexistent/bin/node")
    result = project.run("run")
    assert result.exit_code != 0
    text = " ".join(result.output.split())
    assert "generator plugin 'typescript' failed for zone 'public'" in text
    assert "needs Node.js" in text and "REVOLUTION_NODE" in text and "nodejs.org" in text
    assert "Traceback" not in result.output
    python_files = [p for p in (project.root / "clients/python").rglob("*.py")]
    assert python_files, result.output  # the python generator's client is still written
    assert not (project.root / "clients/typescript/public").exists()


def test_missing_node_is_explained_once_for_every_zone_and_exits_1(revolution_project, monkeypatch) -> None:
    project = revolution_project(zones={"public": {"generators": ["typescript"]},
                                        "client": {"generators": ["typescript"]}})
    monkeypatch.setenv("REVOLUTION_NODE", "/nonexistent/bin/node")
    result = project.run("run")
    assert result.exit_code == 1
    assert result.output.count("needs Node.js") == 1, result.output  # not once per zone, not again in the summary
    assert "✗ generator typescript · zone public" in result.output
    assert "✗ generator typescript · zone client (the same failure as zone public, above)" in result.output
    assert "Failed after" in result.output and "failed: generator typescript (zones public, client)" in result.output
    quiet = project.run("run", "-q")
    assert quiet.exit_code == 1 and quiet.output.count("needs Node.js") == 1, quiet.output
    assert "schema producer" not in quiet.output  # -q: failures only
    as_json = project.run("run", "--json")
    assert as_json.exit_code == 1
    failed = [s for s in json.loads(as_json.stdout)["steps"] if s["status"] == "failed"]
    assert [s["zone"] for s in failed] == ["public", "client"] and all("needs Node.js" in s["error"] for s in failed)


def test_too_old_node_names_the_minimum(tmp_path: Path) -> None:
    from revolution_typescript.toolchain import find_node

    from revolution_core.errors import RevolutionError

    fake = tmp_path / "node"
    fake.write_text("#!/bin/sh\necho v16.20.0\n")
    fake.chmod(0o755)
    with pytest.raises(RevolutionError, match=r"needs Node\.js >= 20\.0, but .* is v16\.20\.0"):
        find_node(str(fake))


def test_a_broken_zone_fails_alone_in_the_same_node_process(ts_toolchain: Any, tmp_path: Path) -> None:
    from revolution_typescript.plugin import TypeScriptGenerator

    broken = sample_openapi("Broken API")
    broken["paths"]["/api/items/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/Missing"}
    broken["components"] = None
    jobs = [job_for(tmp_path, "good", sample_openapi("Good API")), job_for(tmp_path, "bad", broken),
            job_for(tmp_path, "also_good", sample_openapi("Also API", resource="things"))]
    generator = TypeScriptGenerator()
    failures = generator.generate(jobs, context(tmp_path, ["good", "bad", "also_good"]))
    assert set(failures) == {"bad"}
    assert "could not generate a client from the zone's schema" in str(failures["bad"])
    assert (jobs[0].out_dir / "sdk.gen.ts").is_file() and (jobs[2].out_dir / "sdk.gen.ts").is_file()


FLAVOURS = ["react", "vue", "svelte", "solid", "preact", "angular"]
BOUND_USAGE = """
import API, {{ ResponseValidationError, type Public }} from './index.js';
import {{ zListPublicItemsResponse }} from './public/zod.gen.js';
{imports}

export async function usage(api: API): Promise<void> {{
{uses}
  for await (const item of api.paginate(api.public.listPublicItems, {{ headers: {{ 'X-Trace': '1' }} }})) {{
    const named: Public.PublicItem = item;
    console.log(named);
  }}
  // @ts-expect-error: not a paginated list
  api.paginate(api.public.createPublicItems, {{ body: {{ name: 'x' }} }});
  try {{
    await api.public.listPublicItems();
  }} catch (error) {{
    if (error instanceof ResponseValidationError) console.log(error.data, error.issues[0]?.path);
  }}
  console.log(zListPublicItemsResponse);
}}
"""


def test_plugin_choices_pass_through_zod_tanstack_axios(revolution_project, ts_toolchain: Any,
                                                        typecheck_kit: Path) -> None:
    """Every TanStack flavour hey-api supports, each bound to the API instance, type-checks under --strict."""
    options = {"zod": True, "tanstack_query": FLAVOURS, "enums": "javascript"}
    project = revolution_project(zones={"public": {"generators": [{"name": "typescript", "options": options}]}},
                                 plugin_options={"typescript": {"package_name": "plugins-demo", "client": "axios"}})
    result = project.run("run")
    assert result.exit_code == 0, result.output
    package = project.root / "clients/typescript"
    zod = (package / "public/zod.gen.ts").read_text()
    assert "from 'zod'" in zod
    assert "@tanstack/react-query" in (package / "public/@tanstack/react-query.gen.ts").read_text()
    assert "from 'axios'" in (package / "_runtime/client/client.gen.ts").read_text()
    sdk = (package / "public/sdk.gen.ts").read_text()
    assert "responseValidator" in sdk and "zListPublicItemsResponse" in sdk  # responses validated...
    assert "requestValidator" not in sdk  # ...requests are the server's to judge
    manifest = json.loads((package / "package.json").read_text())
    assert set(manifest["peerDependencies"]) == {"axios", "zod", "@tanstack/react-query", "@tanstack/vue-query",
                                                 "@tanstack/svelte-query", "@tanstack/solid-query",
                                                 "@tanstack/preact-query", "@tanstack/angular-query-experimental"}
    exports = manifest["exports"]
    assert exports["./public/zod"] == {"source": "./public/zod.gen.ts", "types": "./dist/public/zod.gen.d.ts",
                                       "import": "./dist/public/zod.gen.js"}
    for flavour in FLAVOURS:
        assert exports[f"./public/{flavour}-query"]["import"] == f"./dist/public/{flavour}-query.js"
        binding = (package / f"public/{flavour}-query.ts").read_text()
        assert "export function bindQueries(api: ClientSource)" in binding
        assert "api.getClient('public')" in binding
    assert exports["./public/*"]["types"] == "./dist/public/*.d.ts"  # hey-api's own files by their names
    assert "interceptors.response.use" in (package / "_api/transport.ts").read_text()  # the axios transport
    imports = "\n".join(f"import {{ bindQueries as {f} }} from './public/{f}-query.js';" for f in FLAVOURS)
    uses = "\n".join(f"  console.log({f}(api).listPublicItemsOptions().queryKey[0]._id);" for f in FLAVOURS)
    (package / "usage.ts").write_text(BOUND_USAGE.format(imports=imports, uses=uses), encoding="utf-8")
    (package / "node_modules").symlink_to(typecheck_kit / "node_modules", target_is_directory=True)
    result = run_tsc(ts_toolchain, package, "--noEmit", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr


def test_invalid_options_are_located_errors(revolution_project) -> None:
    project = revolution_project(zones={"public": {"generators": ["typescript"]}},
                                 plugin_options={"typescript": {"package_name": "Not A Name", "zodd": True}})
    result = project.run("run")
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    assert "package_name" in text and "is not a valid npm package name" in text
    assert "zodd" in text and "unknown setting" in text


def test_a_per_zone_client_is_refused_where_it_is_written(revolution_project) -> None:
    """The zones share one HTTP client runtime: `client` is run-wide, so a zone's own is a located error."""
    project = revolution_project(zones={"a": {"generators": ["typescript"]},
                                        "b": {"generators": [{"name": "typescript", "options": {"client": "axios"}}]}})
    result = project.run("run")
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    assert "zones.b.generators[0].options.client: `client` is a run-wide setting of generator 'typescript'" in text
    assert not (project.root / "clients").exists()


def test_import_rewrite_handles_nested_files(tmp_path: Path) -> None:
    from revolution_typescript.layout import point_at_shared_runtime

    zone = tmp_path / "zone"
    (zone / "@tanstack").mkdir(parents=True)
    (zone / "@tanstack/react-query.gen.ts").write_text(
        "import { x } from '../client/index.js';\nimport { y } from '../sdk.gen.js';\n")
    point_at_shared_runtime(zone, PurePosixPath("zone"))
    text = (zone / "@tanstack/react-query.gen.ts").read_text()
    assert "from '../../_runtime/client/index.js'" in text and "from '../sdk.gen.js'" in text


def test_toolchain_installs_atomically_once_then_works_offline(tmp_path: Path, monkeypatch) -> None:
    from revolution_typescript import toolchain as module

    cache = tmp_path / "cache"
    said: list[str] = []
    first = module.ensure_toolchain(cache_option=str(cache), log=said.append)
    assert (first.directory / module.MARKER).is_file() and first.tsc.is_file()
    assert said == [f"typescript: installing the TypeScript toolchain (first use, once): @hey-api/openapi-ts "
                    f"0.99.0, typescript 5.9.3 with npm ci into {first.directory}"]  # shown before npm starts
    assert [p.name for p in cache.iterdir() if p.is_dir()] == [first.directory.name]  # no staging left over

    def no_network(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("npm must not run once the cache is filled")

    monkeypatch.setattr(module, "_install", no_network)
    monkeypatch.setattr(module, "find_npm", no_network)
    assert module.ensure_toolchain(cache_option=str(cache), log=said.append).directory == first.directory
    assert len(said) == 1  # said on the first use only


def test_a_failed_toolchain_install_shows_npms_error_not_its_stack(tmp_path: Path, monkeypatch) -> None:
    """Real npm against an unreachable registry: the message used to be the last 800 characters of npm's
    output, cut mid-line inside the JavaScript stack, without the error code or the URL."""
    from revolution_typescript.toolchain import ensure_toolchain

    from revolution_core.errors import RevolutionError

    monkeypatch.setenv("npm_config_registry", "http://127.0.0.1:9/")
    monkeypatch.setenv("npm_config_fetch_retries", "0")
    monkeypatch.setenv("npm_config_cache", str(tmp_path / "npm-cache"))  # nothing cached offline either
    with pytest.raises(RevolutionError) as error:
        ensure_toolchain(cache_option=str(tmp_path / "cache"))
    text = str(error.value)
    assert "could not install its pinned toolchain" in text and "Check that the npm registry is reachable" in text
    assert "code ECONNREFUSED" in text and "request to http://127.0.0.1:9/" in text
    assert " at " not in text.split("A complete log")[0] and "node_modules/" not in text
    assert not [p for p in (tmp_path / "cache").iterdir() if p.is_dir()]  # no half-installed toolchain left


def test_a_watch_session_uses_one_persistent_node_worker_with_the_same_bytes(
        two_zone_run: Generated, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Inside `revolution watch` (its session in the environment), runs send their jobs to one node process
    that stays up with openapi-ts loaded; the clients are the driver's, byte for byte."""
    import os
    import tempfile

    from revolution_typescript import worker

    session = Path(tempfile.mkdtemp(prefix="rw-"))  # a short path: it holds a Unix socket
    monkeypatch.setenv("REVOLUTION_SESSION_DIR", str(session))
    monkeypatch.setenv("REVOLUTION_SESSION_PID", str(os.getpid()))
    project = write_project(tmp_path / "elsewhere", TWO_ZONES,
                            plugin_options={"typescript": {"package_name": "@sample/shop-api"}})
    first = run_with_launcher(project, tmp_path / "launcher", "--force")
    assert first.exit_code == 0, first.output
    assert project.tree("clients", "typescript") == two_zone_run.project.tree("clients", "typescript")
    second = run_with_launcher(project, tmp_path / "launcher", "--force")
    assert second.exit_code == 0, second.output
    # One launcher log for both runs: the worker was started once, by the first run.
    assert len([line for line in second.launches if "worker.mjs" in line]) == 1
    sockets = list(session.glob("typescript-*.sock"))
    assert len(sockets) == 1
    sockets[0].unlink()  # what the end of the session does: the worker notices and exits
    worker._STARTED[-1].wait(timeout=30)

