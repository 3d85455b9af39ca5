"""CONTRIBUTING.md's plugin test, run as written (against the in-tree copy of revolution-shout)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "thirdparty" / "revolution-shout"))

import revolution_shout


def test_shout_writes_operations(revolution_project):
    project = revolution_project(zones={"public": {"generators": ["shout"]}}, plugins=[revolution_shout])
    result = project.run("run", "--json")
    assert result.exit_code == 0, result.output
    text = (project.root / "clients/shout/public/operations.txt").read_text()
    assert "LIST_PUBLIC_ITEMS!" in text
