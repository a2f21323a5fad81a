"""Checks on the input that types cannot express: list and nesting bounds before it is
structured; lengths, characters, dates, names and duplicate domains after."""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import attrs

from icp_core.convert.limits import Limits
from icp_core.problems import Problem, Said


#: Characters that carry nothing: any Unicode space, and format characters (zero-width
#: space and joiners, BOM, soft hyphen …), which are category Cf.
def is_blank(text: str) -> bool:
    """Whether ``text`` is empty or holds only blanks and invisible format characters."""
    if "!" <= text[:1] <= "~":  # a visible ASCII character first (nearly always): decided without a scan
        return False
    return not text or all(ch.isspace() or unicodedata.category(ch) == "Cf" for ch in text)


def has_letters(text: str) -> bool:
    """Whether ``text`` contains a letter of any script (a name must)."""
    return any(unicodedata.category(ch).startswith("L") for ch in text)


def bounds_problems(data: Mapping[str, Any], limits: Limits) -> list[tuple[str, Said]]:
    """Lists longer than their limit, nesting and the count of values, before structuring.

    Structuring builds an object per value, and the engine then works on every one:
    100,000 domains in a 2 MB line took 1.1 GB. This walk only looks at containers
    (no recursion, no path built for a scalar) and stops at the first excess of
    values, so that it stays cheap on every request."""
    problems: list[tuple[str, Said]] = []
    values = 1
    domains = 0
    list_limits = limits.list_limits()
    stack: list[tuple[Any, str, str, int]] = [(data, "", "", 0)]  # container, path, field name, depth
    while stack:
        container, path, field, depth = stack.pop()
        is_mapping = type(container) is dict or isinstance(container, Mapping)
        if not is_mapping:
            most = list_limits.get(field, limits.max_items)
            if len(container) > most:
                problems.append((path, Problem.too_many_items(limit=most)))
                continue
            if field == "domains":
                if domains > limits.max_domains:
                    continue  # the total is already refused, at the list that crossed it
                domains += len(container)
                if domains > limits.max_domains:
                    problems.append((path, Problem.too_many_domains(limit=limits.max_domains)))
                    continue
        values += len(container)
        if values > limits.max_nodes:
            return [("", Problem.too_many_values(limit=limits.max_nodes))]
        if depth >= limits.max_depth and container:
            problems.append((path, Problem.too_deep(limit=limits.max_depth)))
            continue
        children: list[tuple[Any, str, str, int]] = []
        if is_mapping:
            for key, child in container.items():
                if type(child) not in _SCALARS and isinstance(child, (Mapping, list, tuple)):
                    name = str(key)
                    children.append((child, f"{path}.{name}" if path else name, name, depth + 1))
        else:
            for index, child in enumerate(container):
                if type(child) not in _SCALARS and isinstance(child, (Mapping, list, tuple)):
                    children.append((child, f"{path}[{index}]", f"{field}[]", depth + 1))
        stack.extend(reversed(children))  # so that problems are found in document order
    return problems


# Most values are these: told apart by type, since an ABC check per value would double the walk's cost.
_SCALARS = frozenset({str, int, float, bool, type(None), dt.date, Decimal})

#: Control and invisible direction characters: refused in any text (they hide what a reviewer reads).
FORBIDDEN_CHARS = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)


def validate(value: object, path: str, limits: Limits) -> list[tuple[str, Said]]:
    """Checks the converter cannot express by type: lengths, characters, date ranges.

    Walks the structured value once; paths are only built for values that are checked,
    so a filing of mostly unset fields costs little (this runs on every request)."""
    problems: list[tuple[str, Said]] = []
    _walk(value, path, limits, problems)
    return problems


def _walk(value: object, path: str, limits: Limits, problems: list[tuple[str, Said]]) -> None:
    kind = type(value)
    named = NAME_FIELDS.get(kind)
    if named is not None:
        for name in named:
            given = getattr(value, name)
            for index, name_text in enumerate((given,) if isinstance(given, str) else given or ()):
                if not has_letters(name_text):
                    where = f"{path}.{name}" if path else name
                    problems.append((where if isinstance(given, str) else f"{where}[{index}]",
                                     Problem.name_without_letters()))
        if kind is _FILING:
            problems.extend(duplicate_domains(value))
    if kind is str:
        text: str = value  # type: ignore[assignment]
        if len(text) > limits.max_string:
            problems.append((path, Problem.too_long(limit=limits.max_string)))
        elif FORBIDDEN_CHARS.search(text):
            problems.append((path, Problem.forbidden_characters()))
        return
    names = _FIELD_NAMES.get(kind)
    if names is None and attrs.has(kind):
        names = tuple(f.name for f in attrs.fields(kind))
    if names is not None:
        for name in names:
            child = getattr(value, name)
            if child is not None and child != ():
                _walk(child, f"{path}.{name}" if path else name, limits, problems)
    elif isinstance(value, (tuple, frozenset)):
        most = limits.list_limit(path.rsplit(".", 1)[-1])
        if len(value) > most:
            problems.append((path, Problem.too_many_items(limit=most)))
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                _walk(item, f"{path}[{index}]", limits, problems)
        else:
            for item in value:
                _walk(item, path, limits, problems)
    elif isinstance(value, bool | enum.Enum):
        return
    elif isinstance(value, dt.date):
        if not limits.earliest_date <= value <= limits.latest_date:
            problems.append((path, Problem.date_outside(earliest=limits.earliest_date, latest=limits.latest_date)))
    elif isinstance(value, int | float | Decimal):
        if value < 0:
            problems.append((path, Problem.negative()))
        elif isinstance(value, float) and value != value:
            problems.append((path, Problem.not_a_real_number()))


def _field_names() -> dict[type, tuple[str, ...]]:
    """Field names of the model's classes, computed once (read-only after import)."""
    from icp_core import model

    return {cls: tuple(f.name for f in attrs.fields(cls)) for cls in vars(model).values()
            if isinstance(cls, type) and attrs.has(cls)}


_FIELD_NAMES: Mapping[type, tuple[str, ...]] = MappingProxyType(_field_names())


def _name_fields() -> dict[type, tuple[str, ...]]:
    from icp_core import model

    return {model.Subject: ("name",), model.Person: ("name",), model.Website: ("name",),
            model.Domain: ("holder_name",), model.ChangeRequest: ("new_name",),
            model.OriginalFiling: ("subject_name", "subject_administrator_name", "website_administrator_names"),
            model.Filing: ()}


#: Fields that hold the name of a person, organisation or website (they must contain letters).
NAME_FIELDS: Mapping[type, tuple[str, ...]] = MappingProxyType(_name_fields())
_FILING = next(cls for cls in NAME_FIELDS if cls.__name__ == "Filing")


def duplicate_domains(filing: Any) -> list[tuple[str, Said]]:
    """The same domain twice in one filing (in any case, with a trailing dot, or once as
    Unicode and once as its A-label) is an input error at its second place."""
    seen: dict[str, str] = {}
    problems: list[tuple[str, Said]] = []
    for w, website in enumerate(filing.websites):
        for d, domain in enumerate(website.domains):
            key = unicodedata.normalize("NFKC", domain.name).strip().rstrip(".").casefold()
            if not key.isascii():
                try:
                    key = key.encode("idna").decode("ascii")
                except UnicodeError:
                    pass  # not a domain name: the national rules say so
            path = f"websites[{w}].domains[{d}].name"
            if key in seen:
                problems.append((path, Problem.same_domain_twice(first=seen[key])))
            else:
                seen[key] = path
    return problems

