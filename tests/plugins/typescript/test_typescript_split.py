"""Large runs spread their zones over several node processes, balanced by schema size; small runs use one."""

from __future__ import annotations

from revolution_typescript.plugin import SPLIT_FROM_BYTES, split_zones


def entries(*zones: str) -> list[dict[str, str]]:
    return [{"zone": zone} for zone in zones]


def test_small_runs_and_single_workers_keep_one_node_process():
    sizes = {"a": 1000, "b": 2000, "c": 3000}
    assert split_zones(entries("a", "b", "c"), sizes, 2) == [entries("a", "b", "c")]
    big = {zone: SPLIT_FROM_BYTES for zone in "abc"}
    assert split_zones(entries("a", "b", "c"), big, 1) == [entries("a", "b", "c")]
    assert split_zones(entries("a"), {"a": 10 * SPLIT_FROM_BYTES}, 2) == [entries("a")]


def test_large_runs_are_balanced_by_schema_size_in_configuration_order():
    sizes = {"public": 3 * SPLIT_FROM_BYTES, "client": 2 * SPLIT_FROM_BYTES, "admin": 2 * SPLIT_FROM_BYTES}
    groups = split_zones(entries("public", "client", "admin"), sizes, 2)
    assert groups == [entries("public"), entries("client", "admin")]
    assert len(split_zones(entries("public", "client", "admin"), sizes, 8)) == 3
