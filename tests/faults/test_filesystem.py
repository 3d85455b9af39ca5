"""Filesystem faults, real ones: read-only bind mounts (EROFS, even for root), a small tmpfs that is full
before or fills up during the run (ENOSPC), immutable files and directories (`chattr +i`: EPERM, even for
root), and a setting that points at a file. Each gives one explanation per cause naming the directory,
the setting and the fix, exit 1 (2 for a misdirected setting), and the previous output byte for byte.
Where the machine cannot mount or set attributes, the case is skipped and says why."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from faultkit import (
    Project,
    assert_one_message,
    debris,
    fill,
    immutable,
    output_of,
    read_only,
    require,
    resize_tmpfs,
    small_tmpfs,
)

pytestmark = [pytest.mark.faults, pytest.mark.slow]


def said_once(text: str, phrase: str) -> None:
    """The explanation is given once, not per zone (the closing summary may repeat its first line)."""
    assert 1 <= text.count(phrase) <= 2, text


def test_a_read_only_output_root_under_force_fails_before_any_work(example: Project) -> None:
    before = example.snapshot()
    with read_only(example.out) as how:
        result = require(example.run("--force"), 1)
    text = output_of(result)
    phrase = "is on a read-only filesystem" if how == "mount" else "is not writable"
    assert_one_message(text, phrase)
    said_once(text, phrase)
    for setting in ("`project_root`", "`output.schemas_dir`", "`output.clients_dir`",
                    "`plugin_options.archive.directory`"):
        assert setting in text
    assert "schema producer drf-spectacular" not in text  # nothing ran
    assert example.snapshot() == before
    require(example.run())
    assert debris(example.out) == []


def test_a_read_only_client_directory_is_named_with_its_setting(example: Project) -> None:
    before = example.snapshot()
    with read_only(example.out / "clients" / "python"):
        result = require(example.run(), 1)
    text = output_of(result)
    assert_one_message(text, "`output.clients_dir` (clients/python)")
    assert "did not start (nothing was changed)" in text
    assert "schema producer drf-spectacular" not in text
    assert example.snapshot() == before


def test_an_output_setting_that_points_at_a_file_is_a_configuration_error(spec: Project) -> None:
    before = spec.snapshot()
    (spec.root / "clients.txt").write_text("not a directory\n")
    pyproject = spec.root / "pyproject.toml"
    original = pyproject.read_text()
    pyproject.write_text(original + '\n[tool.revolution.output]\nclients_dir = "clients.txt"\n')
    result = require(spec.run(), 2)
    text = output_of(result)
    assert_one_message(text, "clients.txt is a file, not a directory (`output.clients_dir`")
    assert spec.snapshot() == before
    pyproject.write_text(original + '\n[tool.revolution.plugin_options.archive]\ndirectory = "clients.txt"\n')
    text = output_of(require(spec.run(), 2))
    assert_one_message(text, "clients.txt is a file, not a directory (`plugin_options.archive.directory`")


def tmpfs_copy(example_baseline: Project, tmp_path: Path) -> Project:
    disk = tmp_path / "disk"
    shutil.copytree(example_baseline.out, disk / "out", symlinks=True)
    return Project(disk, disk / "out", "example")


def test_a_full_disk_is_found_before_any_work(example_baseline: Project, tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    with small_tmpfs(disk, 8 << 20):
        project = tmpfs_copy(example_baseline, tmp_path)
        before = project.snapshot()
        filler = fill(disk, leave=1024)
        text = output_of(require(project.run("--force"), 1))
        assert_one_message(text, "no space left on the device of")
        said_once(text, "no space left on the device of")
        assert "free some space on that filesystem" in text
        assert project.snapshot() == before
        filler.unlink()
        require(project.run())
        assert debris(project.out) == []
        assert project.snapshot() == before


def test_a_disk_that_fills_up_during_generation_keeps_the_last_clients(example_baseline: Project,
                                                                        tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    with small_tmpfs(disk, 8 << 20):
        project = tmpfs_copy(example_baseline, tmp_path)
        before = project.snapshot()
        filler = fill(disk, leave=12 << 10)  # room for the preflight's probe, not for a zone's client
        text = output_of(require(project.run("--python", "--force"), 1))
        assert_one_message(text, "no space left on the device of")
        said_once(text, "no space left on the device of")
        assert len(re.findall(r"the same problem as python · zone '\w+'", text)) >= 1  # the other zones refer to it
        assert project.snapshot() == before
        assert debris(project.out) == []  # failed zones' staging directories are gone
        filler.unlink()
        resize_tmpfs(disk, 16 << 20)
        require(project.run("--python"))
        assert debris(project.out) == []
        assert project.snapshot() == before


def test_a_locked_file_inside_a_zone_fails_the_zone_and_leaves_no_old_directory(example: Project) -> None:
    before = example.snapshot()
    locked = example.out / "clients" / "typescript" / "public" / "index.ts"
    with immutable(locked):
        result = require(example.run("--force"), 1)
        text = output_of(result)
        assert_one_message(text, f"{locked} cannot be deleted (it is immutable (chattr +i)")
        assert f"`chattr -i {locked}`" in text
        assert "✓ generator typescript · zone client" in text  # the other zones are not held back
        assert debris(example.out) == []  # no `.public.old-*`
        assert example.snapshot() == before
    require(example.run("--force"))
    assert debris(example.out) == []
    assert example.snapshot() == before


def test_an_immutable_archive_directory_is_found_before_any_work(example: Project) -> None:
    before = example.snapshot()
    archive = example.out / "openapi" / "archive"
    with immutable(archive):
        text = output_of(require(example.run(), 1))
        assert_one_message(text, "`plugin_options.archive.directory`")
        assert "chattr -i" in text and "is not writable by user root" in text
        assert example.snapshot() == before
    require(example.run())
    assert debris(example.out) == []
