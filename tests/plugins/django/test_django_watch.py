"""`revolution watch` and `manage.py revolution --watch` on a copy of shopproj: a save regenerates the zone it
concerns, a syntax error is reported and waited out, Ctrl-C ends with one line and no traceback.
(Slow tier: a watcher and its runs in subprocesses; the generators are the stand-ins of fakeplugin/.)"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django_plugin_helpers import PYTHON, SHOPPROJ, project_env

REVOLUTION = str(Path(sys.executable).parent / "revolution")
pytestmark = pytest.mark.slow
DEADLINE = 180.0  # generous on a busy machine: these are not timings


class Watcher:
    def __init__(self, command: list[str], cwd: Path, output: Path, log: Path) -> None:
        self.log = log
        self.handle = log.open("wb")
        self.process = subprocess.Popen(command, cwd=cwd, env=project_env(output), stdin=subprocess.DEVNULL,
                                        stdout=self.handle, stderr=subprocess.STDOUT)

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, condition: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline:
            if condition():
                return
            if self.process.poll() is not None:
                pytest.fail(f"the watcher exited ({self.process.returncode}) waiting for {what}:\n{self.text()}")
            time.sleep(0.1)
        pytest.fail(f"no {what} within {DEADLINE:.0f} s:\n{self.text()}")

    def watching(self, count: int) -> None:
        self.wait_for(lambda: self.text().count("for changes... (Ctrl-C to stop)") >= count, f"watch #{count}")

    def stop(self) -> tuple[int, str]:
        self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout=60)
        self.handle.close()
        return code, self.text()


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    project = tmp_path / "proj"
    shutil.copytree(SHOPPROJ, project, ignore=shutil.ignore_patterns("__pycache__"))
    return project


@pytest.fixture
def watcher(tmp_path: Path) -> Iterator[Callable[..., Watcher]]:
    started: list[Watcher] = []

    def start(command: list[str], cwd: Path) -> Watcher:
        started.append(Watcher(command, cwd, tmp_path / "out", tmp_path / f"watch-{len(started)}.log"))
        return started[-1]

    yield start
    for item in started:
        if item.process.poll() is None:
            item.process.kill()
            item.process.wait()


def operations(output: Path, zone: str) -> list[str]:
    path = output / "clients" / "typescript" / zone / "operations.json"
    return list(json.loads(path.read_text())["operations"]) if path.is_file() else []


ME_VIEW = "class MeView(generics.RetrieveUpdateAPIView):"
EXTRA_VIEW = '''

class PingView(generics.GenericAPIView):
    serializer_class = AvatarSerializer

    def get(self, request):
        return None
'''


def test_watch_regenerates_after_an_edit_and_recovers_after_a_syntax_error(shop, tmp_path, watcher):
    output = tmp_path / "out"
    watch = watcher([REVOLUTION, "watch"], shop)
    watch.watching(1)
    before = operations(output, "client")
    public_before = (output / "clients" / "typescript" / "public" / "operations.json").stat().st_mtime_ns
    assert before, watch.text()

    views, urls = shop / "accounts" / "views.py", shop / "accounts" / "urls.py"
    views.write_text(views.read_text() + EXTRA_VIEW)
    urls.write_text(urls.read_text().replace("urlpatterns = [", "from accounts.views import PingView\n\n"
                                              "urlpatterns = [\n    path('ping/', PingView.as_view()),", 1))
    watch.wait_for(lambda: len(operations(output, "client")) == len(before) + 1, "the client zone regenerated")
    watch.watching(2)
    assert (output / "clients" / "typescript" / "public" / "operations.json").stat().st_mtime_ns == public_before

    views.write_text(views.read_text() + "\ndef broken(:\n")
    watch.wait_for(lambda: "The run failed (see above)" in watch.text(), "the failure report")
    assert "SyntaxError" in watch.text()

    views.write_text(views.read_text().replace("\ndef broken(:\n", "\n").replace("class PingView", "class Ping2View")
                     .replace("PingView", "Ping2View"))
    urls.write_text(urls.read_text().replace("PingView", "Ping2View"))
    watch.wait_for(lambda: watch.text().count("for changes... (Ctrl-C to stop)") >= 3, "recovery")
    assert len(operations(output, "client")) == len(before) + 1

    code, text = watch.stop()
    assert code == 130
    assert text.rstrip().splitlines()[-1] == "Stopped watching."
    assert "Traceback" not in text


def test_manage_py_revolution_watch_is_the_same_watcher(shop, watcher):
    watch = watcher([PYTHON, "manage.py", "revolution", "--watch"], shop)
    watch.watching(1)
    code, text = watch.stop()
    assert code == 130 and "Traceback" not in text
    assert text.rstrip().splitlines()[-1] == "Stopped watching."


PRELOAD_PROBE = """
import ctypes.util, json, os, sys, time
calls = []
real = ctypes.util.find_library
ctypes.util.find_library = lambda name: calls.append(name) or real(name)
from revolution_django.preload import remember_library_lookups
remember_library_lookups()
asked = len(calls)
gis = sorted(name for name in sys.modules if name.startswith("django.contrib.gis"))
try:
    import django.contrib.gis.gdal.libgdal  # what drf-spectacular's probe imports, in the run
    found = True
except Exception:
    found = False
print(json.dumps({"asked": asked, "asked_again": len(calls) - asked, "gis_left": gis, "found": found}))
"""


def test_the_ready_process_answers_geodjangos_library_lookups_ahead():
    """GeoDjango's import is left for the run (with the project's settings); only the look-ups are kept."""
    done = subprocess.run([PYTHON, "-c", PRELOAD_PROBE], capture_output=True, text=True, env=project_env(),
                          timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["asked"] > 0 and result["gis_left"] == []
    assert result["asked_again"] == 0, result  # the run's own import asked nothing new
