"""Remedies: what would make a finding go away, built from the rule kinds and their parameters.

A rule kind builds its remedies when its policy is compiled (never per check) and hands
them to its ``Emit``; each finding refers to its rule's remedy. Paths in a remedy are
relative to the finding it belongs to (``Remedy.field`` ``""`` is the finding's field,
``.age`` continues it, ``..`` is the item it belongs to) and a ``provide`` remedy's
fields are the finding's ``missing``: :func:`remedy_of` resolves both, and is what
answers show. ``docs/answers.md`` ("Remedies")
documents every action.

The constructors below are the vocabulary the kinds use, each with its sentence in both
languages; a Python hook passes any ``Remedy`` to ``rules.violation(..., remedy=...)``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import attrs

from icp_core.report import Finding, Remedy, RemedyAction, Text
from icp_core.templating import fill_text

__all__ = [
    "NOT_COVERED",
    "PROVIDE",
    "REVIEW",
    "add",
    "at_least",
    "at_most",
    "change",
    "copy_from",
    "include_text",
    "one_of",
    "provide",
    "remedy_of",
    "resolve",
    "set_value",
    "upload",
    "wait_until",
]

#: Every *needs information* finding's remedy: give the facts it lists as missing.
PROVIDE = Remedy(RemedyAction.provide, Text("Give {fields}.", "请填写：{fields}。"))
#: The remedy of a Python rule whose hook gives none: the rule's own message says what to do.
REVIEW = Remedy(RemedyAction.review, Text(
    "Change the filing as the finding's message says; the cited section of the guide has the details.",
    "请按本条提示修改备案信息；详见所引指南章节。"))
#: The engine's finding for a scope no plugin checked: the deployment, not the filing, must change.
NOT_COVERED = Remedy(RemedyAction.review, Text(
    "Have the deployment install and allow the plugin the message names, then check again.",
    "请由部署方安装并允许提示中所列插件，然后重新检查。"))


def set_value(value: str | bool, text: Text, field: str = "") -> Remedy:
    return Remedy(RemedyAction.set_value, text, field, values=(value,))


def one_of(values: Iterable[str | bool], text: Text, field: str = "") -> Remedy:
    return Remedy(RemedyAction.one_of, text, field, values=tuple(values))


def provide(text: Text, field: str = "") -> Remedy:
    """Give ``field`` again, right this time: for a value only the applicant knows that the
    rule found wrong (an invalid ID number, a phone number). Unlike :data:`PROVIDE`, which
    lists the facts a *needs information* finding misses, it names the finding's own field."""
    return Remedy(RemedyAction.provide, text, field)


def copy_from(paths: Sequence[str], text: Text, field: str = "") -> Remedy:
    return Remedy(RemedyAction.copy_from, text, field, same_as=tuple(paths))


def add(values: Iterable[str], text: Text, field: str = "", *, every: bool = False) -> Remedy:
    return Remedy(RemedyAction.add, text, field, values=tuple(values), all_values=every)


def include_text(values: Iterable[str], text: Text, field: str = "") -> Remedy:
    return Remedy(RemedyAction.include_text, text, field, values=tuple(values))


def upload(document: str, name: Text, field: str = "", text: Text | None = None) -> Remedy:
    """Upload ``document`` (called ``name``) for ``field``; ``""`` or ``documents`` for the whole filing."""
    shown = text or Text(f"Upload the {name.en.lower()} ({document}).", f"上传{name.zh}（{document}）。")
    return Remedy(RemedyAction.upload, shown, field, document=document)


def at_least(minimum: int, text: Text, field: str = "") -> Remedy:
    return Remedy(RemedyAction.at_least, text, field, minimum=minimum)


def at_most(maximum: int, text: Text, field: str = "") -> Remedy:
    return Remedy(RemedyAction.at_most, text, field, maximum=maximum)


def wait_until(day: dt.date, text: Text, field: str = "", alternatives: tuple[Remedy, ...] = ()) -> Remedy:
    return Remedy(RemedyAction.wait_until, text, field, passes_on=day, alternatives=alternatives)


def change(text: Text, field: str = "") -> Remedy:
    """A change only a person can make (a name in the required form, another person)."""
    return Remedy(RemedyAction.change, text, field)


def uploads(documents: Sequence[str], names: Sequence[Text], field: str = "") -> tuple[Remedy, ...]:
    """One ``upload`` alternative per document that exempts from a rule (``unless_documents``)."""
    return tuple(upload(d, n, field) for d, n in zip(documents, names, strict=True))


# --------------------------------------------------------------------------- resolving


def remedy_of(finding: Finding) -> Remedy | None:
    """``finding``'s remedy as answers show it: paths made absolute, ``provide``'s fields
    filled from the finding's ``missing``, and the sentence filled in."""
    remedy = finding.remedy
    return None if remedy is None else resolve(remedy, finding.field, finding.missing)


def resolve(remedy: Remedy, field: str, missing: tuple[str, ...] = ()) -> Remedy:
    """``remedy`` for a finding at ``field`` (with ``missing``): see :func:`remedy_of`."""
    target = _path(field, remedy.field)
    fields = remedy.fields or (missing if remedy.action is RemedyAction.provide else ())
    if remedy.action is RemedyAction.provide and not fields:
        fields = (target,)
    text = remedy.text
    if "{" in text.en or "{" in text.zh:
        text = fill_text(text, {"field": target, "fields": ", ".join(fields),
                                "passes_on": remedy.passes_on.isoformat() if remedy.passes_on else ""})
    alternatives = tuple(resolve(a, field, missing) for a in remedy.alternatives)
    if (target, fields, text, alternatives) == (remedy.field, remedy.fields, remedy.text, remedy.alternatives):
        return remedy
    return attrs.evolve(remedy, field=target, fields=fields, text=text, alternatives=alternatives)


def _path(base: str, field: str) -> str:
    if not field:
        return base
    if field == "..":  # the item the finding's field belongs to (a person, for one of their facts)
        return base.rpartition(".")[0]
    if field.startswith("."):
        return f"{base}{field}" if base else field[1:]
    return field
