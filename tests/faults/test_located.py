"""Errors from the user's code and from the tools are located: an exception raised in a serializer or a
view while drf-spectacular describes it names the file:line, the endpoint, the view and the serializer;
a tool that fails quotes its own reason (openapi-ts on a `$ref` to another file). Real user code in the
lab project (tests/faults/labproj, switched on by LAB_FAULT), real openapi-ts."""

from __future__ import annotations

import re

import pytest
from faultkit import Project, output_of, require

pytestmark = [pytest.mark.faults, pytest.mark.slow]


def test_an_exception_in_a_serializer_names_the_serializer_the_view_and_the_line(lab: Project) -> None:
    before = lab.snapshot()
    text = output_of(require(lab.run(LAB_FAULT="serializer"), 1))
    assert "Traceback" not in text
    assert ("RuntimeError: boom in get_fields, raised at lab/serializers.py:13 in ItemSerializer.get_fields, "
            "while drf-spectacular described GET /api/shop/items/ of view ItemList (lab/views.py), serializer "
            "ItemSerializer (lab/serializers.py)") in text
    assert lab.snapshot() == before


def test_an_exception_in_a_view_names_the_view_and_the_line(lab: Project) -> None:
    before = lab.snapshot()
    text = output_of(require(lab.run(LAB_FAULT="view"), 1))
    assert "Traceback" not in text
    assert ("LookupError: no parser configured for this view, raised at lab/views.py:16 in ItemList.get_parsers, "
            "while drf-spectacular described") in text
    assert "of view ItemList (lab/views.py)" in text
    assert lab.snapshot() == before


def test_debug_adds_the_traceback_to_the_located_error(lab: Project) -> None:
    text = output_of(require(lab.run("--debug", LAB_FAULT="serializer"), 1))
    assert "raised at lab/serializers.py:13" in text and 'File "' in text and "get_fields" in text


def test_openapi_ts_failing_on_an_external_ref_quotes_its_own_reason(spec: Project) -> None:
    before = spec.snapshot()
    public = spec.root / "specs" / "public.yaml"
    text = public.read_text()
    ref = re.search(r"\$ref: '?#/components/schemas/(\w+)'?", text)
    assert ref is not None
    public.write_text(text.replace(ref.group(0), f"$ref: 'shared.yaml#/components/schemas/{ref.group(1)}'", 1))
    out = output_of(require(spec.run("--generators", "typescript"), 1))
    assert "it wrote no files" not in out
    assert "@hey-api/openapi-ts could not generate a client from the zone's schema: Input file not found: " \
           "shared.yaml" in out
    # the zone's last good client is kept (the package's version and changelog follow the new schema)
    zone = "clients/typescript/public/"
    assert {k: v for k, v in spec.snapshot().items() if k.startswith(zone)} == {
        k: v for k, v in before.items() if k.startswith(zone)}
