"""The neutral model of a zone's API that templates render: resources (one per tag) of operations
with typed parameters, bodies and responses. Types are Python annotation strings; models are `m.<Name>`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from revolution_python.security import ZoneSecurity


@dataclass(frozen=True)
class Param:
    """A path, query or header parameter: `wire` is its name on the wire, `name` the Python argument."""

    wire: str
    name: str
    location: Literal["path", "query", "header"]
    annotation: str
    required: bool
    description: str = ""


@dataclass(frozen=True)
class FormField:
    """One field of a multipart or urlencoded body, flattened into a keyword argument."""

    wire: str
    name: str
    annotation: str
    required: bool
    is_file: bool


@dataclass(frozen=True)
class Body:
    """A request body: JSON (`annotation` is the model) or a form (`fields`, multipart when it has files)."""

    kind: Literal["json", "multipart", "form"]
    annotation: str
    required: bool
    fields: tuple[FormField, ...] = ()

    @property
    def argument(self) -> str:
        """What the `body` argument accepts: the model, or the same data as a plain mapping."""
        if self.annotation.startswith("m.") and "|" not in self.annotation:
            return f"{self.annotation} | Mapping[str, Any]"
        return self.annotation


@dataclass(frozen=True)
class Pagination:
    """A DRF paginated list (`count/next/previous/results`): iterate `item` over pages via `next`."""

    item: str
    page_params: tuple[str, ...]


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method_name: str
    http_method: str
    path: str  # Python format string with the path parameters' Python names, e.g. /api/x/{id}/
    summary: str
    params: tuple[Param, ...]
    body: Body | None
    returns: str  # annotation of the parsed result ("None" when the response has no body)
    response_kind: Literal["json", "none", "bytes", "any"]
    pagination: Pagination | None = None
    iterator_name: str = ""
    deprecated: bool = False
    security: str = "_NO_AUTH"  # the module constant holding this operation's `Security` (see security.py)

    @property
    def path_params(self) -> tuple[Param, ...]:
        return tuple(p for p in self.params if p.location == "path")

    @property
    def query_params(self) -> tuple[Param, ...]:
        return tuple(p for p in self.params if p.location == "query")

    @property
    def header_params(self) -> tuple[Param, ...]:
        return tuple(p for p in self.params if p.location == "header")

    @property
    def iterator_query_params(self) -> tuple[Param, ...]:
        skip = self.pagination.page_params if self.pagination else ()
        return tuple(p for p in self.query_params if p.wire not in skip)


@dataclass(frozen=True)
class Resource:
    """The operations of one tag: `client.<attribute>.<method>()`."""

    tag: str
    attribute: str
    class_name: str
    operations: tuple[Operation, ...]


@dataclass(frozen=True)
class ZoneApi:
    zone: str
    title: str
    description: str
    resources: tuple[Resource, ...]
    warnings: tuple[str, ...] = field(default=())
    security: ZoneSecurity | None = None  # schemes and per-operation security constants
