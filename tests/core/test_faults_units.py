"""Unit tests of the fault machinery on real temporary directories: the commit journal rolled back or
finished after a kill, healing of leftovers, manifest validation, the output preflight, explained
`OSError`s, interruption helpers and the interruption line. (The end-to-end cases live in tests/faults.)"""

from __future__ import annotations

import errno
import json
import os
import signal
import sys
import threading
import time
from pathlib import Path

import pytest

from revolution_core import interrupts
from revolution_core.console import completed_text, interrupt_line
from revolution_core.faults import OutputDirs, OutputFault, explain
from revolution_core.models import RunReport, StepResult
from revolution_core.outputs import Manifest, tree_hashes
from revolution_core.preflight import check_outputs
from revolution_core.transaction import JOURNAL, Transaction, heal, recover


def make_output(root: Path) -> Manifest:
    """A generator root with one zone `public` (a.txt) and a whole-run file index.txt, recorded."""
    (root / "public").mkdir(parents=True)
    (root / "public" / "a.txt").write_text("old a\n")
    (root / "index.txt").write_text("old index\n")
    manifest = Manifest(root)
    manifest.record("public", "k1", "public", tree_hashes(root / "public"), "1")
    manifest.package_files = {"index.txt": "0" * 64}
    manifest.save()
    return Manifest(root)


def staged_zone(root: Path, text: str) -> Path:
    staged = root / ".public.staging-abcd1234"
    staged.mkdir()
    (staged / "a.txt").write_text(text)
    return staged


def test_a_commit_applies_every_change_and_leaves_nothing_aside(tmp_path: Path) -> None:
    manifest = make_output(tmp_path)
    after = manifest.copy()
    txn = Transaction(after)
    staged = staged_zone(tmp_path, "new a\n")
    txn.stage_tree(staged, tmp_path / "public")
    txn.stage_file(tmp_path / "index.txt", b"new index\n")
    after.record("public", "k2", "public", tree_hashes(staged), "1")
    assert txn.commit() == []
    assert (tmp_path / "public" / "a.txt").read_text() == "new a\n"
    assert (tmp_path / "index.txt").read_text() == "new index\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".revolution-manifest.json", "index.txt", "public"]
    assert Manifest(tmp_path).zones["public"]["key"] == "k2"


def test_a_failing_rename_rolls_every_change_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    manifest = make_output(tmp_path)
    saved = (tmp_path / ".revolution-manifest.json").read_bytes()
    after = manifest.copy()
    txn = Transaction(after)
    txn.stage_tree(staged_zone(tmp_path, "new a\n"), tmp_path / "public")
    txn.stage_file(tmp_path / "index.txt", b"new index\n")
    real = os.replace
    calls = []

    def flaky(src: object, dst: object) -> None:
        calls.append(dst)
        if len(calls) == 3:  # public moved aside and replaced; index.txt moved aside; then the disk says no
            raise PermissionError(errno.EPERM, "Operation not permitted", str(dst))
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", flaky)
    with pytest.raises(PermissionError):
        txn.commit()
    monkeypatch.setattr(os, "replace", real)
    assert (tmp_path / "public" / "a.txt").read_text() == "old a\n"
    assert (tmp_path / "index.txt").read_text() == "old index\n"
    assert (tmp_path / ".revolution-manifest.json").read_bytes() == saved
    assert sorted(p.name for p in tmp_path.iterdir()) == [".revolution-manifest.json", "index.txt", "public"]


def killed_commit(root: Path, renames_done: int) -> None:
    """The state a process killed after `renames_done` renames of a two-change commit leaves."""
    manifest = make_output(root)
    after = manifest.copy()
    txn = Transaction(after)
    staged = staged_zone(root, "new a\n")
    txn.stage_tree(staged, root / "public")
    txn.stage_file(root / "index.txt", b"new index\n")
    after.record("public", "k2", "public", tree_hashes(staged), "1")
    for change in txn.changes:
        change.existed = True
        change.aside = change.target.with_name(f".{change.target.name}.old-zzzz9999")
    (root / JOURNAL).write_bytes(txn._journal(__import__("hashlib").sha256(after.serialize()).hexdigest()))
    steps = [(c.target, c.aside) for c in txn.changes] + [(c.staged, c.target) for c in txn.changes]
    order = [steps[0], steps[2], steps[1], steps[3]]  # aside, in, aside, in: as commit() does
    for source, target in order[:renames_done]:
        os.replace(source, target)  # type: ignore[arg-type]
    if renames_done == len(order):
        after.save()


@pytest.mark.parametrize("renames_done", [1, 2, 3])
def test_a_commit_killed_before_its_manifest_is_rolled_back_by_the_next_run(tmp_path: Path,
                                                                            renames_done: int) -> None:
    killed_commit(tmp_path, renames_done)
    notes: list[str] = []
    heal(tmp_path, notes.append)
    assert (tmp_path / "public" / "a.txt").read_text() == "old a\n"
    assert (tmp_path / "index.txt").read_text() == "old index\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".revolution-manifest.json", "index.txt", "public"]
    assert any("rolled back" in note for note in notes)


def test_a_commit_killed_after_its_manifest_is_finished_by_the_next_run(tmp_path: Path) -> None:
    killed_commit(tmp_path, 4)
    recover(tmp_path)
    assert (tmp_path / "public" / "a.txt").read_text() == "new a\n"
    assert (tmp_path / "index.txt").read_text() == "new index\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".revolution-manifest.json", "index.txt", "public"]


def test_heal_removes_leftovers_and_puts_back_a_tree_moved_aside(tmp_path: Path) -> None:
    (tmp_path / ".public.old-abcd1234").mkdir()
    (tmp_path / ".public.old-abcd1234" / "a.txt").write_text("good")
    (tmp_path / ".client.staging-abcd1234").mkdir()
    (tmp_path / "zone").mkdir()
    (tmp_path / "zone" / ".models.py.abcd1234.tmp").write_text("half")
    (tmp_path / ".revolution-probe-abcd1234").write_text("")
    (tmp_path / "user.old-notes.txt").write_text("mine")  # not one of our names: kept
    heal(tmp_path)
    assert (tmp_path / "public" / "a.txt").read_text() == "good"
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "public", "public/a.txt", "user.old-notes.txt", "zone"]


H = "0" * 64


def zone(path: str, files: dict[str, str] | None = None) -> dict[str, object]:
    return {"key": "k", "path": path, "files": files or {"a": H}}


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ([], "it is not a JSON object"),
        ({"zones": {"public": zone("/etc")}}, "is not a relative path below the output"),
        ({"zones": {"public": zone("a/../b")}}, "is not a relative path below the output"),
        ({"zones": {"public": zone("p", {"a": "nothex"})}}, "lists a bad file entry"),
        ({"zones": {"a": zone("x"), "b": zone("x/y")}}, "overlapping paths"),
        ({"zones": {}, "package_files": {"../../etc/passwd": ""}}, "bad whole-run file"),
    ],
)
def test_a_manifest_of_the_wrong_shape_is_ignored_with_a_notice(tmp_path: Path, data: object, reason: str) -> None:
    (tmp_path / ".revolution-manifest.json").write_text(json.dumps(data))
    notes: list[str] = []
    manifest = Manifest(tmp_path, notice=notes.append)
    assert manifest.zones == {} and manifest.package_files == {}
    assert len(notes) == 1 and reason in notes[0] and "nothing is deleted on its word" in notes[0]


def test_a_zone_recorded_where_another_zone_belongs_makes_the_manifest_ignored(tmp_path: Path) -> None:
    manifest = make_output(tmp_path)
    notes: list[str] = []
    manifest = Manifest(tmp_path, notice=notes.append)
    manifest.check_layout({"public": "v2/public", "client": "public"})
    assert manifest.zones == {}
    assert "zone 'public' is recorded at 'public', where zone 'client' belongs" in notes[0]


def test_only_trees_and_files_holding_what_was_recorded_are_owned(tmp_path: Path) -> None:
    manifest = make_output(tmp_path)
    assert manifest.owned_tree("public") == tmp_path / "public"
    assert manifest.owned_file("index.txt") is None  # its recorded hash does not match
    (tmp_path / "public" / "mine.txt").write_text("a user's file")
    assert manifest.owned_tree("public") is None


def test_the_preflight_names_a_file_in_the_way_with_its_setting(tmp_path: Path) -> None:
    (tmp_path / "clients").write_text("a file")
    dirs = OutputDirs()
    dirs.add("output.clients_dir", tmp_path / "clients" / "python")
    dirs.add("output.schemas_dir", tmp_path / "openapi" / "schemas")  # missing: fine, it will be created
    with pytest.raises(OutputFault) as caught:
        check_outputs(dirs, shown=tmp_path)
    assert caught.value.exit_code == 2
    assert "clients is a file, not a directory (`output.clients_dir` (clients/python))" in str(caught.value)
    assert "schemas_dir" not in str(caught.value)
    assert list(tmp_path.iterdir()) == [tmp_path / "clients"]  # the probe left nothing


def test_an_os_error_inside_an_output_directory_is_explained(tmp_path: Path) -> None:
    dirs = OutputDirs()
    dirs.add("output.clients_dir", tmp_path / "clients")
    error = OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "clients" / "python" / "x.py"))
    fault = explain(error, dirs)
    assert fault is not None and "no space left on the device of" in str(fault) and "`output.clients_dir`" in str(fault)
    assert explain(OSError(errno.ENOSPC, "No space left on device", "/elsewhere/x"), dirs) is None
    nameless = explain(OSError(errno.EROFS, "Read-only file system"), dirs, where=tmp_path / "clients" / "python")
    assert nameless is not None and "read-only filesystem" in str(nameless)


def test_run_process_stops_the_whole_process_group_when_cancelled() -> None:
    started = time.monotonic()
    timer = threading.Timer(0.5, interrupts.cancel, args=(signal.SIGTERM,))
    timer.start()
    try:
        with pytest.raises(interrupts.Interrupted) as caught:
            interrupts.run_process([sys.executable, "-c", "import subprocess, sys; subprocess.run(['sleep', '30'])"])
    finally:
        timer.cancel()
        interrupts.reset()
    assert caught.value.signum == signal.SIGTERM and caught.value.exit_code == 143
    assert time.monotonic() - started < 20


def test_a_signal_inside_a_shielded_section_is_raised_when_it_ends() -> None:
    done = []
    with interrupts.handle_signals(), pytest.raises(interrupts.Interrupted), interrupts.shielded():
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)
        done.append("the section finished")
    assert done == ["the section finished"]
    assert not interrupts.cancelled()  # reset when handle_signals() ends


def test_the_interruption_line_says_what_was_completed() -> None:
    steps = (StepResult("schema producer", "openapi-file", "public", "ok"),
             StepResult("schema producer", "openapi-file", "client", "unchanged"),
             StepResult("generator", "python", "public", "ok"),
             StepResult("generator", "python", None, "ok"),
             StepResult("generator", "typescript", "public", "skipped"))
    report = RunReport(("public", "client"), steps, 1.0)
    assert completed_text(report) == "completed schemas (public, client), python clients (public), python package"
    line = interrupt_line(interrupts.RunInterrupted(signal.SIGTERM, report, "generator"))
    assert line.startswith("Interrupted (SIGTERM) during the generator stage: completed schemas (public, client)")
    assert "\n" not in line
    assert "nothing was completed" in interrupt_line(KeyboardInterrupt())


def test_a_journal_outside_the_output_is_refused(tmp_path: Path) -> None:
    (tmp_path / JOURNAL).write_text(json.dumps({"manifest_sha256": "0", "deletions": [], "changes": [
        {"target": "../../etc", "staged": None, "aside": None, "existed": True}]}))
    notes: list[str] = []
    recover(tmp_path, notes.append)
    assert "is damaged" in notes[0] and not (tmp_path / JOURNAL).exists()
