"""Applying a finding's remedy to a filing, as an applicant would: for tests of remedies.

``apply_remedy(data, remedy)`` returns a copy of ``data`` (a filing as plain data, such as
``filing_data(...)`` or a parsed example) changed as ``remedy`` says; check the result again
and the finding should be gone. Remedies a program cannot apply (``change``, ``review``, an
``actionable`` of false) raise :class:`RemedyNotApplicable`, as does a ``provide`` without
``given``: the facts to give are the applicant's, so the caller passes a filing holding them.

    report = engine.check(load_filing(data))
    for finding in report.findings:
        remedy = remedy_of(finding)
        if remedy is not None and remedy.actionable:
            fixed = engine.check(load_filing(apply_remedy(data, remedy, given=complete)))
            assert (finding.rule_id, finding.field) not in {(f.rule_id, f.field) for f in fixed.findings}
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import re
from collections.abc import Mapping
from typing import Any

from icp_core.report import Remedy, RemedyAction

__all__ = ["RemedyNotApplicable", "apply_remedy"]

_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


class RemedyNotApplicable(ValueError):
    """The remedy is for a person to carry out, or needs facts the caller did not give."""


def apply_remedy(data: Mapping[str, Any], remedy: Remedy, *, given: Mapping[str, Any] | None = None
                 ) -> dict[str, Any]:
    """A copy of the filing ``data`` with ``remedy`` (resolved: ``icp_core.remedies.remedy_of``)
    carried out. ``given``: a filing holding the facts a ``provide`` remedy asks for."""
    if remedy.field.startswith("."):
        raise ValueError(f"resolve the remedy first (icp_core.remedies.remedy_of): its field is {remedy.field!r}")
    if not remedy.actionable:
        raise RemedyNotApplicable(f"{remedy.action.value}: for a person to do ({remedy.text.en})")
    out: dict[str, Any] = copy.deepcopy(dict(data))
    _APPLY[remedy.action](out, remedy, given)
    return out


# --------------------------------------------------------------------------- actions


def _provide(data: dict[str, Any], remedy: Remedy, given: Mapping[str, Any] | None) -> None:
    if given is None:
        raise RemedyNotApplicable("provide: pass given=, a filing holding the facts to give")
    for path in remedy.fields:
        value = _get(given, path)
        if value is None:
            raise RemedyNotApplicable(f"provide: {path} is not in the given filing either")
        _set(data, path, copy.deepcopy(value))


def _set_value(data: dict[str, Any], remedy: Remedy, given: Mapping[str, Any] | None) -> None:
    _set(data, remedy.field, remedy.values[0])


def _copy_from(data: dict[str, Any], remedy: Remedy, given: Mapping[str, Any] | None) -> None:
    for source in remedy.same_as:
        value = _get(data, source)
        if value is None:
            continue
        _set(data, remedy.field, copy.deepcopy(value))
        if remedy.field.endswith(".holder_name"):
            # A domain's holder is a name and a number: the number follows the name it copies.
            number = source[: -len("name")] + ("certificate_number" if source == "subject.name" else "id_number")
            domain = remedy.field[: -len(".holder_name")]
            if _get(data, f"{domain}.holder_certificate_number") is not None:
                _set(data, f"{domain}.holder_certificate_number", _get(data, number))
        return
    raise RemedyNotApplicable(f"copy_from: none of {', '.join(remedy.same_as)} is given")


def _add(data: dict[str, Any], remedy: Remedy, given: Mapping[str, Any] | None) -> None:
    items = _get(data, remedy.field)
    if not isinstance(items, list):
        items = []
        _set(data, remedy.field, items)
    name = remedy.field.rpartition(".")[2]
    if name == "local_proofs":
        items.append({"kind": remedy.values[0], "province": data.get("province")})
    elif name == "pre_approvals":
        items.append({"industry": remedy.industry, "license_type": remedy.values[0] if remedy.values else None,
                      "license_number": "remedy-0001", "issuer": "remedy",
                      "valid_until": (_day(data) + dt.timedelta(days=730)).isoformat()})
    else:
        for value in remedy.values if remedy.all_values else remedy.values[:1]:
            if value not in items:
                items.append(value)


def _include_text(data: dict[str, Any], remedy: Remedy, given: Mapping[str, Any] | None) -> None:
    text = _get(data, remedy.field)
    _set(data, remedy.field, f"{text} {remedy.values[0]}" if text else str(remedy.values[0]))


def _upload(data: dict[str, Any], remedy: Remedy, given: Mapping[str, Any] | None) -> None:
    assert remedy.document is not None
    key = remedy.document if remedy.field in ("", "documents") else f"{remedy.document}@{remedy.field}"
    documents = data.setdefault("documents", [])
    if key not in documents:
        documents.append(key)


def _at_least(data: dict[str, Any], remedy: Remedy, given: Mapping[str, Any] | None) -> None:
    minimum = remedy.minimum or 0
    if remedy.field.endswith(".expires_on"):  # months left to run on the evaluation day
        day = _day(data)
        months = day.month - 1 + minimum + 1
        _set(data, remedy.field, dt.date(day.year + months // 12, months % 12 + 1, 1).isoformat())
    elif remedy.field.endswith(".age"):  # stated age stands only where no birth date is stated
        _set(data, remedy.field, minimum)
        _set(data, remedy.field[: -len("age")] + "birth_date", None)
    else:
        _set(data, remedy.field, minimum)


def _at_most(data: dict[str, Any], remedy: Remedy, given: Mapping[str, Any] | None) -> None:
    items = _get(data, remedy.field)
    if isinstance(items, list):
        del items[remedy.maximum or 0:]


def _wait_until(data: dict[str, Any], remedy: Remedy, given: Mapping[str, Any] | None) -> None:
    assert remedy.passes_on is not None
    data["evaluated_on"] = remedy.passes_on.isoformat()


def _not_applicable(data: dict[str, Any], remedy: Remedy, given: Mapping[str, Any] | None) -> None:
    raise RemedyNotApplicable(remedy.action.value)


_APPLY = {
    RemedyAction.provide: _provide,
    RemedyAction.set_value: _set_value,
    RemedyAction.one_of: _set_value,  # the first accepted value
    RemedyAction.copy_from: _copy_from,
    RemedyAction.add: _add,
    RemedyAction.include_text: _include_text,
    RemedyAction.upload: _upload,
    RemedyAction.at_least: _at_least,
    RemedyAction.at_most: _at_most,
    RemedyAction.wait_until: _wait_until,
    RemedyAction.change: _not_applicable,
    RemedyAction.review: _not_applicable,
}


# --------------------------------------------------------------------------- paths


def _steps(path: str) -> list[str | int]:
    return [int(index) if index else name for name, index in _STEP.findall(path)]


def _get(data: Any, path: str) -> Any:
    for step in _steps(path):
        if isinstance(step, int):
            if not isinstance(data, list) or step >= len(data):
                return None
            data = data[step]
        else:
            if not isinstance(data, Mapping):
                return None
            data = data.get(step)
    return data


def _set(data: Any, path: str, value: Any) -> None:
    steps = _steps(path)
    for step, following in itertools.pairwise(steps):
        if isinstance(step, int):
            while len(data) <= step:
                data.append(None)
        child = data[step] if isinstance(step, int) else data.get(step)
        if child is None:
            child = [] if isinstance(following, int) else {}
            data[step] = child
        data = child
    last = steps[-1]
    if isinstance(last, int):
        while len(data) <= last:
            data.append(None)
    data[last] = value


def _day(data: Mapping[str, Any]) -> dt.date:
    day = data.get("evaluated_on")
    if isinstance(day, dt.date):
        return day
    if not day:
        raise RemedyNotApplicable("the filing has no evaluated_on to count from")
    return dt.date.fromisoformat(str(day))
