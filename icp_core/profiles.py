"""Deployment profiles (``policies/*.yaml``): what a platform enables and how it tunes it.

::

    name: guangdong-only
    description: A host that serves Guangdong only.
    plugins: [icp-national, icp-province-guangdong, icp-instance-ecs]   # allow-list; omit for all
    serves:                                    # what the deployment answers for; omit a list for all
      provinces: [guangdong]
      instance_types: [ecs]
    rules:
      guangdong.subject_administrator_is_legal_representative:
        severity: warning                      # tune a rule's severity
      national.domain.real_name_sync_delay:
        params: {days: 5}                      # tune a rule's parameter
      tianjin.distinct_phone_numbers:
        waive: {until: 2027-03-31, reason: "regulator confirmed the exception for our contracts"}

A waiver applies while the evaluation date is on or before ``until``; after that the
rule applies again by itself. Waived rules are listed in every report.

``serves`` says what the deployment covers on purpose: a filing outside it is still
answered (``not_covered``, naming the scope as ``not_served``), and readiness
(``/readyz``, ``icp plugins --coverage``) asks only that the served scopes be covered.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import attrs

from icp_core.convert import read_file, structure
from icp_core.errors import InputError, PolicyError
from icp_core.model import InstanceType
from icp_core.provinces import Province
from icp_core.report import Severity


@attrs.frozen
class Waiver:
    until: dt.date
    reason: str


@attrs.frozen
class RuleOverride:
    severity: Severity | None = None
    params: dict[str, Any] = attrs.Factory(dict)
    waive: Waiver | None = None
    disable: bool = False


@attrs.frozen
class Serves:
    """The scopes a deployment answers for; a list left out means all of its kind."""

    provinces: list[Province] | None = None
    instance_types: list[InstanceType] | None = None
    industries: list[str] | None = None

    def includes(self, scope: str) -> bool:
        kind, _, key = scope.partition(".")
        if kind == "industry":
            # Industries are words of the vocabulary: 新闻, NEWS and news are one.
            from icp_core.vocabulary import CORE, normal_key

            return self.industries is None or key in {CORE.industry(k) or normal_key(k) for k in self.industries}
        chosen: list[Any] | None = {"province": self.provinces, "instance": self.instance_types}.get(kind)
        return chosen is None or key in {getattr(k, "value", k) for k in chosen}


@attrs.frozen
class Profile:
    name: str
    description: str | None = None
    plugins: list[str] | None = None
    rules: dict[str, RuleOverride] = attrs.Factory(dict)
    serves: Serves | None = None


def load_profile(path: str | Path) -> Profile:
    source = str(path)
    try:
        data, positions = read_file(path)
        return structure(data, Profile, source=source, positions=positions)
    except InputError as exc:
        raise PolicyError(exc.errors, source) from None
