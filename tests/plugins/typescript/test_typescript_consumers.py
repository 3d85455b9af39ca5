"""The generated package as a consumer uses it: a project depending on `"file:../clients/typescript"`,
installed by npm and by pnpm with no build step, type-checked by tsc against the package's compiled
`dist/`; and a regeneration after a serializer change reaching the consumer with no manual build."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ts_helpers import Generated, node_or_fail

pytestmark = [pytest.mark.node, pytest.mark.slow]

SHOPPROJ = Path(__file__).resolve().parents[1] / "django" / "shopproj"
CONSUMER_TSCONFIG = {
    "compilerOptions": {"target": "ES2022", "module": "NodeNext", "moduleResolution": "NodeNext", "strict": True,
                        "noEmit": True, "lib": ["ES2022", "DOM"], "types": []},
    "include": ["main.ts"],
}
SHOP_USE = """
import API, { APIError } from '@sample/shop-api';
import type { Product } from '@sample/shop-api/public';

export async function names(api: API): Promise<string[]> {
  try {
    const page = await api.public.listProducts({ query: { page: 1 } });
    return page.results.map((product: Product) => product.name);
  } catch (error) {
    if (error instanceof APIError) return [String(error.status)];
    throw error;
  }
}
"""


def consumer(folder: Path, dependency: str, specifier: str, source: str) -> Path:
    """A consumer project: package.json with the one dependency, a strict tsconfig and main.ts."""
    folder.mkdir(parents=True)
    manifest = {"name": "consumer", "version": "1.0.0", "private": True, "type": "module",
                "dependencies": {dependency: specifier}}
    (folder / "package.json").write_text(json.dumps(manifest, indent=2))
    (folder / "tsconfig.json").write_text(json.dumps(CONSUMER_TSCONFIG, indent=2))
    (folder / "main.ts").write_text(source)
    return folder


def run(command: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300, check=False,
                          env={**os.environ, "NO_COLOR": "1", **env})


def tsc(toolchain: Any, project: Path) -> subprocess.CompletedProcess[str]:
    return run([toolchain.node, str(toolchain.tsc), "-p", str(project / "tsconfig.json")], project)


@pytest.fixture(scope="session")
def pnpm(ts_toolchain: Any) -> list[str]:
    """pnpm (pinned by consumer_kit's lockfile), installed with npm ci into the toolchain cache, once. Its
    launcher is a shebang-less `sh` script (npm ci --ignore-scripts keeps it) that finds the native binary."""
    from revolution_typescript.toolchain import cache_root, ensure_installed

    kit = ensure_installed(Path(__file__).parent / "consumer_kit", cache_root(), ts_toolchain.node)
    return ["sh", str(kit / "node_modules" / "pnpm" / "pnpm")]


def packaged(two_zone_run: Generated, tmp_path: Path) -> Path:
    """A copy of the generated package at `<tmp>/clients/typescript`, so consumers' installs touch nothing shared."""
    package = tmp_path / "clients" / "typescript"
    shutil.copytree(two_zone_run.package, package)
    return package


def test_package_json_has_no_install_time_build_and_points_into_a_complete_dist(two_zone_run: Generated) -> None:
    package = two_zone_run.package
    manifest = json.loads((package / "package.json").read_text())
    assert "prepare" not in manifest["scripts"] and "build" not in manifest["scripts"]
    targets = [manifest["main"], manifest["types"]]
    for entry in manifest["exports"].values():
        targets += list(entry.values()) if isinstance(entry, dict) else [entry]
    for target in targets:
        if "*" in target:  # a subpath pattern: it must match files
            assert list(package.glob(target.removeprefix("./"))), target
        else:
            assert (package / target).is_file(), target
    stamp = json.loads((package / "dist" / ".sources.json").read_text())
    for relative, digest in stamp["files"].items():
        assert hashlib.sha256((package / "dist" / relative).read_bytes()).hexdigest() == digest, relative


def test_a_file_dependency_installs_and_type_checks_with_npm(two_zone_run: Generated, ts_toolchain: Any,
                                                              tmp_path: Path) -> None:
    package = packaged(two_zone_run, tmp_path)
    app = consumer(tmp_path / "app", "@sample/shop-api", "file:../clients/typescript", SHOP_USE)
    installed = run(["npm", "install", "--offline", "--no-audit", "--no-fund"], app)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert (app / "node_modules" / "@sample" / "shop-api").resolve() == package.resolve()  # npm links file: folders
    checked = tsc(ts_toolchain, app)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    imported = run([ts_toolchain.node, "--input-type=module", "-e",
                    "import API from '@sample/shop-api'; console.log(typeof new API('http://x').public.listProducts)"],
                   app)
    assert imported.stdout.strip() == "function", imported.stderr


def test_a_file_dependency_installs_and_type_checks_with_pnpm(two_zone_run: Generated, ts_toolchain: Any,
                                                               pnpm: list[str], tmp_path: Path) -> None:
    packaged(two_zone_run, tmp_path)
    app = consumer(tmp_path / "app", "@sample/shop-api", "file:../clients/typescript", SHOP_USE)
    installed = run([*pnpm, "install", "--offline", "--store-dir", str(tmp_path / "store")], app,
                    PATH=f"{Path(ts_toolchain.node).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert (app / "node_modules" / "@sample" / "shop-api" / "dist" / "index.d.ts").is_file()
    checked = tsc(ts_toolchain, app)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    broken = app / "main.ts"
    broken.write_text(SHOP_USE.replace("product.name", "product.no_such_field"))
    assert tsc(ts_toolchain, app).returncode != 0  # the consumer checks against the real types, not `any`


def shop_generate(project: Path, output: Path) -> subprocess.CompletedProcess[str]:
    """`manage.py revolution --generate --typescript` on the copied shop project, with the real generator."""
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "REVOLUTION_DISABLE_PLUGINS"}}
    env["SHOPPROJ_OUTPUT"] = str(output)
    command = [sys.executable, "manage.py", "revolution", "--generate", "--typescript", "--zones", "public"]
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=300,
                          stdin=subprocess.DEVNULL)


def test_a_serializer_change_reaches_the_consumer_with_no_manual_build(ts_toolchain: Any, tmp_path: Path) -> None:
    node_or_fail()
    project = tmp_path / "shopproj"
    shutil.copytree(SHOPPROJ, project, ignore=shutil.ignore_patterns("__pycache__"))
    output = tmp_path / "out"
    first = shop_generate(project, output)
    assert first.returncode == 0, first.stdout + first.stderr
    name = json.loads((output / "clients" / "typescript" / "package.json").read_text())["name"]
    uses_quantity = (f"import type {{ Product }} from '{name}/public';\n"
                     "export const stock = (product: Product): number => product.quantity;\n")
    app = consumer(output / "app", name, "file:../clients/typescript", uses_quantity)
    assert run(["npm", "install", "--offline", "--no-audit", "--no-fund"], app).returncode == 0
    before = tsc(ts_toolchain, app)
    assert before.returncode != 0 and "quantity" in before.stdout  # not in the API yet

    serializers = project / "shop" / "serializers.py"
    text = serializers.read_text()
    serializers.write_text(text.replace(
        'fields = ["id", "name", "status", "condition", "image"]',
        'fields = ["id", "name", "status", "condition", "image", "quantity"]\n\n'
        '    quantity = serializers.IntegerField(read_only=True, default=0)', 1))
    again = shop_generate(project, output)
    assert again.returncode == 0, again.stdout + again.stderr
    after = tsc(ts_toolchain, app)  # no `npm run build`, no reinstall: dist/ was rebuilt by the run
    assert after.returncode == 0, after.stdout + after.stderr
