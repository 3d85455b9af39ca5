"""Package-name rules shared by the stages that name or rename packages (generators, sync targets), so
that a name one accepts, the others accept too."""

from __future__ import annotations

import keyword
import re
from collections.abc import Callable
from typing import Annotated

from pydantic import AfterValidator

# npm: lowercase, URL-safe, at most 214 characters, optionally scoped `@scope/name`; no leading `.` or `_`.
NPM_NAME = re.compile(r"^(?:@[a-z0-9][a-z0-9._~-]*/)?[a-z0-9][a-z0-9._~-]*$")
NPM_MAX_LENGTH = 214
# PyPI (PEP 508 names): letters, digits, `-`, `_`, `.`, starting and ending with a letter or digit.
DISTRIBUTION_NAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$")
SEMVER = re.compile(r"^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")


def npm_name_problem(name: str) -> str | None:
    """Why `name` is not a valid npm package name, or None."""
    if len(name) <= NPM_MAX_LENGTH and NPM_NAME.match(name):
        return None
    return (
        f"{name!r} is not a valid npm package name: use lowercase letters, digits, '-', '.', '_' and '~', "
        "starting with a letter or digit, optionally scoped like '@myorg/api-client'"
    )


def python_module_name(distribution: str) -> str:
    """`example-api-client` -> `example_api_client` (the importable package)."""
    return re.sub(r"[-.]+", "_", distribution).lower()


def distribution_name_problem(name: str) -> str | None:
    """Why `name` is not a valid Python distribution name (or makes a keyword module), or None."""
    if not DISTRIBUTION_NAME.match(name) or not name[0].isalpha():
        return (
            f"{name!r} is not a valid distribution name: use letters, digits, '-', '_' or '.', starting with a "
            "letter (e.g. 'example-api-client')"
        )
    if keyword.iskeyword(python_module_name(name)):
        return f"{name!r} would make the module {python_module_name(name)!r}, a Python keyword"
    return None


def semver_problem(version: str) -> str | None:
    return None if SEMVER.match(version) else f"{version!r} is not a semantic version such as '1.2.3'"


def _checked(problem: Callable[[str], str | None]) -> Callable[[str], str]:
    def check(value: str) -> str:
        found = problem(value)
        if found:
            raise ValueError(found)
        return value

    return check


# Field types for plugin option models: `package_name: NpmName = "api-client"`.
NpmName = Annotated[str, AfterValidator(_checked(npm_name_problem))]
DistributionName = Annotated[str, AfterValidator(_checked(distribution_name_problem))]
Semver = Annotated[str, AfterValidator(_checked(semver_problem))]
