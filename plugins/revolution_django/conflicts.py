"""Route conflicts, decided by Django's own resolver.

For every route of a zone, a concrete sample path (`/api/public/`, `/api/auth/users/a/`) that the route itself
matches is resolved, first through the zone's URL tree, then through the URL tree the project serves. Django
picks a view by path alone, whatever the method: if the resolver answers with another route, that route
shadows this one for every method (a POST the schema documents reaches a view that may not even answer POST).
Two entries that run the same view with the same arguments are not a conflict.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from revolution_core.errors import Problem
from revolution_django.urltree import Route, Tree, view_identity

EXAMPLES = 3


@dataclass(frozen=True)
class Conflict:
    """`loser` can never be reached at `path` because Django resolves that path to `winner`."""

    path: str
    loser: Route
    winner: Route


def shadowed(routes: Iterable[Route], tree: Tree, known: Mapping[tuple[object, ...], Route]) -> list[Conflict]:
    """The routes of `routes` that `tree` resolves elsewhere (`known` names the winners by route key)."""
    found = []
    for route in routes:
        witness = route.witness()
        if witness is None:
            continue  # no sample path the route itself matches (lookarounds, rejecting converters): unchecked
        chain = tree.resolve(witness)
        if chain is None:
            continue
        winner = known.get(Route(chain, "").key) or Route(chain, "")
        if winner.key == route.key or view_identity(winner.leaf.callback) == view_identity(route.leaf.callback):
            continue
        found.append(Conflict(witness, route, winner))
    return found


def zone_conflicts(zone_routes: Mapping[str, list[Route]], zone_trees: Mapping[str, Tree],
                   served: Tree | None, project_routes: Iterable[Route] = ()) -> list[Conflict]:
    """Conflicts inside each zone, then against the whole served URL tree (other zones, the project's own)."""
    known: dict[tuple[object, ...], Route] = {route.key: route for route in project_routes}
    for routes in zone_routes.values():
        known.update((route.key, route) for route in routes)
    conflicts: list[Conflict] = []
    for zone, routes in zone_routes.items():
        inside = shadowed(routes, zone_trees[zone], known)
        conflicts.extend(inside)
        if served is not None:
            lost = {conflict.loser.key for conflict in inside}
            conflicts.extend(shadowed([r for r in routes if r.key not in lost], served, known))
    return conflicts


def conflict_problems(conflicts: list[Conflict]) -> list[Problem]:
    """One problem per pair of entries, at the setting of the shadowed route, naming both and the fix."""
    groups: dict[tuple[str, str, str, str], list[Conflict]] = {}
    for conflict in conflicts:
        key = (conflict.loser.zone, conflict.loser.entry, conflict.winner.entry or conflict.winner.module,
               conflict.winner.zone)
        groups.setdefault(key, []).append(conflict)
    problems = []
    for (zone, entry, _, _), group in groups.items():
        group.sort(key=lambda c: (c.loser.is_format_suffix, c.path))
        first = group[0]
        more = [c.path for c in group[1:EXAMPLES + 1] if not c.loser.is_format_suffix]
        extra = f" (also {', '.join(more)}{' and more' if len(group) > EXAMPLES + 1 else ''})" if more else ""
        methods = "/".join(first.loser.methods())
        problems.append(Problem(entry or f"zones.{zone}", (
            f"route conflict at {methods} {first.path}{extra}: {first.loser.describe()} is never reached, because "
            f"Django resolves that path to {first.winner.describe()}{_owner(first.winner)} (Django picks a view "
            f"by path alone, for every method); {_fix(first)}")))
    return problems


def _owner(winner: Route) -> str:
    if winner.entry:
        return f" ({winner.entry})"
    if winner.zone:
        return f" (zone '{winner.zone}')"
    return " (your ROOT_URLCONF, outside any zone)"


def _fix(conflict: Conflict) -> str:
    loser, winner = conflict.loser, conflict.winner
    kind = loser.entry.rpartition(".")[2].split("[")[0]
    name = loser.module or "<module>"
    mounted = kind in ("apps", "urls")
    sub_prefix = (f"mount {name} under its own sub-prefix: urls=[('{_slug(name)}/', '{name}')]"
                  + (" instead of the app" if kind == "apps" else ""))
    if winner.zone == loser.zone:
        return sub_prefix if mounted else f"route one of them under a distinct prefix in {name}"
    if winner.zone:
        other = f"give zone '{loser.zone}' another `path_prefix`" if mounted else f"move the route in {name}"
        return f"zones '{winner.zone}' and '{loser.zone}' both serve this path: {other}, or {sub_prefix}"
    where = winner.module or "your urls.py"
    move = f"give zone '{loser.zone}' another `path_prefix`" if mounted else "move one of them"
    return f"{where} routes this path before the zone does: move that route, or {move}"


def _slug(module: str) -> str:
    parts = [part for part in module.split(".") if part not in {"urls", "api", "routers", "router"}]
    return parts[-1] if parts else "sub"
