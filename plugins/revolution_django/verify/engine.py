"""Exercise one zone's operations against the Django app in this process: schemathesis generates
schema-valid requests (seeded, bounded), Django's WSGI handler answers them inside a rolled-back
transaction, and every answer is checked against the documented responses."""

from __future__ import annotations

import copy
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from revolution_django.verify.attribution import Attributor
from revolution_django.verify.auth import Credentials, ZoneCredentials
from revolution_django.verify.classify import Observation, classify
from revolution_django.verify.database import rolled_back
from revolution_django.verify.options import ZoneSettings
from revolution_django.verify.report import Finding, OperationResult, ZoneResult

BASE_URL = "http://localhost"  # the host schemathesis gives the cookies it sends
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
HARVEST_LIMIT = 8


@dataclass
class ZoneTarget:
    """One zone to verify: its document exactly as the pipeline produces it, and its URL module."""

    name: str
    document: dict[str, Any]
    urlconf: str
    settings: ZoneSettings
    credentials: ZoneCredentials = field(default_factory=ZoneCredentials)
    cases: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def keep_connections_open() -> None:
    """Stop Django from closing database connections around requests (they hold the test database and
    the open transaction of the request). Idempotent; called before every request, because Django's test
    client, which user code may use in `setup`, connects the closing handler again after each request."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)


@contextmanager
def django_app() -> Iterator[tuple[Any, list[BaseException]]]:
    """Django's WSGI handler as the test client runs it: database connections stay open (see
    `keep_connections_open`), and every exception a view raises is captured (Django turns it into a 500
    response)."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import got_request_exception, request_finished, request_started
    from django.db import close_old_connections

    captured: list[BaseException] = []

    def on_exception(sender: Any, **kwargs: Any) -> None:
        error = sys.exc_info()[1]
        if error is not None:
            captured.append(error)

    keep_connections_open()
    got_request_exception.connect(on_exception, weak=False, dispatch_uid="revolution-verify")
    try:
        yield WSGIHandler(), captured
    finally:
        got_request_exception.disconnect(dispatch_uid="revolution-verify")
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def schemathesis_config() -> Any:
    """An explicit configuration (never a schemathesis.toml found in the current directory): the
    credentials are ours, so generated values never fill security parameters."""
    import schemathesis

    return schemathesis.Config.from_dict({
        "generation": {"with-security-parameters": False, "allow-x00": False},
    })


class ZoneRunner:
    """Runs one zone: every operation (sorted by path and method), within the zone's time budget."""

    def __init__(self, zone: ZoneTarget, app: Any, captured: list[BaseException], aliases: list[str],
                 attributor: Attributor, seed: int, generic_statuses: list[int]) -> None:
        self.zone = zone
        self.app = app
        self.captured = captured
        self.aliases = aliases
        self.attributor = attributor
        self.seed = seed
        self.generic = set(generic_statuses)

    def run(self) -> ZoneResult:
        import schemathesis
        from schemathesis.core.result import Ok

        started = time.monotonic()
        deadline = started + self.zone.settings.budget
        result = ZoneResult(zone=self.zone.name, credentials=self.zone.credentials.via)
        schema = schemathesis.openapi.from_dict(copy.deepcopy(self.zone.document), config=schemathesis_config())
        operations = []
        for item in schema.get_all_operations():
            if isinstance(item, Ok):
                operations.append(item.ok())
                continue
            error = item.err()
            result.operations.append(OperationResult(
                operation="?", method=str(getattr(error, "method", "") or "").upper(),
                path=str(getattr(error, "path", "") or ""), note=f"schemathesis cannot read this operation: {error}"))
        operations.sort(key=lambda op: (op.path, METHODS.index(op.method.lower())))
        for index, operation in enumerate(operations):
            share = (deadline - time.monotonic()) / (len(operations) - index)
            result.operations.append(self.run_operation(operation, time.monotonic() + max(share, 0.0)))
        result.unused_allow = [_describe_allow(entry) for entry in self.zone.settings.allow
                               if not any(self._allow_used(entry, op) for op in result.operations)]
        result.seconds = time.monotonic() - started
        return result

    @staticmethod
    def _allow_used(entry: Any, op: OperationResult) -> bool:
        return any(f.allowed and entry.matches(op.operation, op.label, f.kind, f.status) for f in op.findings)

    # -- one operation --

    def raw(self, operation: Any) -> dict[str, Any]:
        return dict(self.zone.document["paths"][operation.path][operation.method.lower()])

    def run_operation(self, operation: Any, deadline: float) -> OperationResult:
        raw = self.raw(operation)
        method = operation.method.upper()
        op_id = str(raw.get("operationId") or f"{method} {operation.path}")
        result = OperationResult(operation=op_id, method=method, path=operation.path,
                                 planned=self.zone.settings.examples)
        parameters = list(raw.get("parameters", []))
        result.view = self.attributor.view(method, operation.path, parameters)
        if op_id in self.zone.settings.skip or result.label in self.zone.settings.skip:
            result.skipped, result.note = True, "listed in `skip`"
            return result
        credentials = self.zone.credentials.for_operation(raw, self.zone.document)
        harvested = self.harvest(operation, parameters)
        findings: dict[tuple[Any, ...], Finding] = {}
        statuses: Counter[int] = Counter()
        out_of_time = False

        def exercise(case: Any, explicit: bool = False) -> None:
            nonlocal out_of_time
            # every operation gets one generated request, whatever the budget says (its first one pays for
            # setting generation up)
            if not explicit and statuses and time.monotonic() > deadline:
                out_of_time = True
                return
            observation = self.call(case, credentials)
            statuses[observation.status] += 1
            for key, finding in classify(observation, raw, self.zone.document, self.attributor, self.generic):
                if key in findings:
                    findings[key].count += 1
                else:
                    findings[key] = finding

        for spec in [*self.zone.cases.get(op_id, []), *self.zone.cases.get(result.label, [])]:
            exercise(explicit_case(operation, raw, spec), explicit=True)
        error = self.drive(operation, harvested, exercise)
        result.requests = sum(statuses.values())
        result.statuses = {str(code): count for code, count in sorted(statuses.items())}
        result.findings = sorted(findings.values(), key=lambda f: (f.kind, f.status, f.message))
        for finding in result.findings:
            finding.view = finding.view or result.view
            entry = next((a for a in self.zone.settings.allow
                          if a.matches(op_id, result.label, finding.kind, finding.status)), None)
            if entry is not None:
                finding.allowed, finding.reason = True, entry.reason
        notes = []
        if error:
            notes.append(error)
        if out_of_time:
            notes.append(f"stopped after {result.requests} of {result.planned} request(s): the zone's time budget "
                         f"({self.zone.settings.budget:g}s) ran out; raise `budget` or lower `examples`")
        if result.requests and not any(200 <= code < 400 for code in statuses):
            notes.append(self.unreached(statuses, credentials, raw))
        result.note = "; ".join(notes)
        return result

    def drive(self, operation: Any, harvested: list[dict[str, Any]], exercise: Callable[[Any], None]) -> str:
        """Run `exercise` on up to `examples` generated cases; '' or why generation failed."""
        from hypothesis import HealthCheck, Phase, given, seed, settings
        from hypothesis import strategies as st
        from hypothesis.errors import HypothesisException

        generated = operation.as_strategy()
        strategy = generated
        if harvested:
            known = st.one_of(*[operation.as_strategy(path_parameters=values) for values in harvested])
            strategy = st.one_of(known, generated)  # hypothesis favours the first branch: objects that exist

        @seed(self.seed)
        @settings(max_examples=self.zone.settings.examples, deadline=None, database=None,
                  phases=[Phase.generate], suppress_health_check=list(HealthCheck), derandomize=False,
                  print_blob=False)
        @given(case=strategy)
        def test(case: Any) -> None:
            exercise(case)

        try:
            test()
        except HypothesisException as exc:
            return f"could not generate requests: {type(exc).__name__}: {exc}"
        except Exception as exc:  # schemathesis' own errors (unsupported schema constructs, ...)
            return f"could not generate requests: {type(exc).__name__}: {str(exc).strip().splitlines()[0]}"
        return ""

    def call(self, case: Any, credentials: Credentials) -> Observation:
        """One request, in a transaction rolled back afterwards; the view's exception when it raised."""
        headers = dict(credentials.headers)
        if credentials.cookies:
            headers.setdefault("Referer", f"{BASE_URL}/")
        self.captured.clear()
        keep_connections_open()
        request = describe_request(case)
        with rolled_back(self.aliases):
            try:
                response = case.call(app=self.app, base_url=BASE_URL, headers=headers or None,
                                     cookies=dict(credentials.cookies) or None)
            except Exception as exc:  # DEBUG_PROPAGATE_EXCEPTIONS, or an error raised outside the view
                return Observation(case=case, response=None, status=500, request=request, exception=exc)
        exception = self.captured[-1] if self.captured else None
        return Observation(case=case, response=response, status=response.status_code, request=request,
                           exception=exception, headers=headers)

    # -- path parameters of objects that exist --

    def harvest(self, operation: Any, parameters: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Values for the path parameters, read from the collection the path continues (`/things/` for
        `/things/{id}/`), so that generated requests reach objects of the seeded test database."""
        names = [p["name"] for p in parameters if p.get("in") == "path"]
        if not names:
            return []
        combos: list[dict[str, Any]] = [{}]
        template = operation.path
        for name in names:
            marker = "{" + name + "}"
            if marker not in template:
                return []
            collection = template.split(marker, 1)[0]
            found: list[dict[str, Any]] = []
            for combo in combos[:HARVEST_LIMIT]:
                url = collection
                for key, value in combo.items():
                    url = url.replace("{" + key + "}", str(value))
                if "{" in url:
                    continue
                for value in self.collect(url, collection, name):
                    found.append({**combo, name: value})
            if not found:
                return []
            combos = found[:HARVEST_LIMIT]
        return combos

    def collect(self, url: str, template: str, name: str) -> list[Any]:
        """The values of field `name` (or `id`/`pk`) in the list `GET url` answers (paginated or not), asked
        with the credentials the list operation's schema asks for."""
        from werkzeug.test import Client

        listing = (self.zone.document.get("paths", {}).get(template) or {}).get("get")
        if not isinstance(listing, dict):
            return []
        credentials = self.zone.credentials.for_operation(listing, self.zone.document)
        client = Client(self.app)
        for cookie, text in credentials.cookies.items():
            client.set_cookie(cookie, text, domain="localhost")
        keep_connections_open()
        with rolled_back(self.aliases):
            try:
                response = client.get(url, base_url=BASE_URL, headers=credentials.headers)
                status, content_type, content = response.status_code, response.content_type or "", response.data
            except Exception:
                return []
        if status != 200 or "json" not in content_type:
            return []
        try:
            body = json.loads(content)
        except ValueError:
            return []
        items = body.get("results") if isinstance(body, dict) else body
        if not isinstance(items, list):
            return []
        keys = [name, *(["id", "pk"] if name in {"id", "pk"} or name.endswith(("_pk", "_id")) else [])]
        values: list[Any] = []
        for item in items:
            if isinstance(item, dict):
                value = next((item[k] for k in keys if k in item), None)
                if isinstance(value, str | int) and value not in values:
                    values.append(value)
        return values[:HARVEST_LIMIT]

    def unreached(self, statuses: Counter[int], sent: Credentials, raw: dict[str, Any]) -> str:
        top = statuses.most_common(1)[0][0]
        summary = ", ".join(f"{count}x {code}" for code, count in sorted(statuses.items()))
        if top in {401, 403}:
            if sent:
                hint = f"the view refuses the configured credentials ({sent.via}): does the user have the " \
                       "permissions it requires? (a zone section can give the zone a user of its own)"
            elif any(raw.get("security", self.zone.document.get("security", []))):
                hint = "configure `auth` or `user` for this zone (see docs/verify.md)"
            elif raw.get("x-revolution-auth"):
                hint = "a login or token endpoint refuses made-up credentials: give it real ones with `cases`"
            else:
                hint = "the schema asks for no credentials, but the view refuses anonymous requests: a login view " \
                       "needs real credentials in its body (`cases`), any other view's authentication is missing " \
                       "from the schema"
        elif top == 404:
            hint = "no object to find: seed the test database (`setup` or `fixtures`)"
        elif top == 400:
            hint = "every schema-valid request was rejected: the view validates more than the schema says"
        else:
            hint = "no request succeeded"
        return f"no successful response to check ({summary}): {hint}"


def explicit_case(operation: Any, raw: dict[str, Any], spec: dict[str, Any]) -> Any:
    """A request given in `cases` (body, query, path_parameters, headers, cookies), sent as written."""
    from schemathesis.core import NOT_SET

    media = spec.get("media_type")
    content = (raw.get("requestBody") or {}).get("content") or {}
    if media is None and "body" in spec and content:
        media = "application/json" if "application/json" in content else next(iter(content))
    return operation.Case(path_parameters=spec.get("path_parameters"), query=spec.get("query"),
                          headers=spec.get("headers"), cookies=spec.get("cookies"), body=spec.get("body", NOT_SET),
                          media_type=media)


def _describe_allow(entry: Any) -> str:
    status = f" {entry.status}" if entry.status is not None else ""
    return f"{entry.operation} {entry.kind}{status}"


def describe_request(case: Any) -> str:
    """`POST /api/x/?a=1 {"json": "body"}`: enough to reproduce it with any client."""
    from schemathesis.core import NotSet

    query = {k: v for k, v in (case.query or {}).items()}
    url = case.formatted_path + (f"?{urlencode(query, doseq=True)}" if query else "")
    text = f"{case.method.upper()} {url}"
    if not isinstance(case.body, NotSet):
        media = case.media_type or ""
        if "json" in media:
            text += " " + json.dumps(case.body, sort_keys=True, default=str)[:400]
        else:
            text += f" <{media or 'body'}>"
    return text
