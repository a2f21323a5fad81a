"""Requests about a filing on record: a change (``icp change``) and a transfer (``icp transfer``)."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

from icp_core.model.values import SubjectType


class ChangeTarget(enum.StrEnum):
    """What a change request turns the filing into (section 5, change rules)."""

    enterprise = "enterprise"  # another enterprise (from an enterprise), or an enterprise (from an individual)
    individual = "individual"  # another individual, or an individual (from an enterprise)
    new_name = "new_name"  # same enterprise, new name
    new_certificate_number = "new_certificate_number"  # same enterprise, new certificate number
    new_name_and_certificate_number = "new_name_and_certificate_number"  # same enterprise, new name and number


class ChangeKind(enum.StrEnum):
    """The cell of the change matrix a request falls in (derived from filing + target)."""

    enterprise_to_enterprise = "enterprise_to_enterprise"
    enterprise_to_individual = "enterprise_to_individual"
    individual_to_individual = "individual_to_individual"
    individual_to_enterprise = "individual_to_enterprise"
    new_name = "new_name"
    new_certificate_number = "new_certificate_number"
    new_name_and_certificate_number = "new_name_and_certificate_number"


def _requirement(en: str, zh: str) -> Any:
    """A fact of a change request that a province's change rule may require (its
    ``requires``), with what it means in both languages: declared here once, read by the
    change rules and by ``icp change``'s flags."""
    return attrs.field(default=None, metadata={"requirement": (en, zh)})


@attrs.frozen
class ChangeRequest:
    """A request to change a filing on record (``icp change``): what it becomes, and the facts the rules ask."""

    #: What the filing is to become.
    to: ChangeTarget
    #: The subject's new name (for a change of name).
    new_name: str | None = None
    #: The subject's new certificate number. Quote it in YAML.
    new_certificate_number: str | None = attrs.field(default=None, repr=False)
    #: The old and new names are recognisably the same organisation.
    names_related: bool | None = _requirement("the old and new names must be recognisably related",
                                              "新旧名称须存在关联")
    #: The individual is the legal representative of the enterprise on the other side.
    individual_is_legal_representative: bool | None = _requirement(
        "the individual must be the legal representative of the enterprise", "该个人须为该单位的法定代表人")
    #: The individual is the website administrator of the enterprise on the other side.
    individual_is_website_administrator: bool | None = _requirement(
        "the individual must be the enterprise's website administrator", "该个人须为该单位的网站负责人")
    #: Every domain of the subject is held by the subject after the change.
    domains_held_by_new_subject: bool | None = _requirement(
        "every domain of the subject must be held by the new subject", "主体下所有域名须由变更后的主体持有")
    #: The change comes from converting to a Three-in-One business licence.
    three_in_one_conversion: bool | None = _requirement(
        "the change must come from a Three-in-One licence conversion", "变更须因三证合一换证引起")
    #: Documents the applicant can provide for the change (document keys).
    documents: frozenset[str] = frozenset()

    def kind(self, current: SubjectType) -> ChangeKind:
        if self.to is ChangeTarget.enterprise:
            return (
                ChangeKind.enterprise_to_enterprise
                if current is SubjectType.enterprise
                else ChangeKind.individual_to_enterprise
            )
        if self.to is ChangeTarget.individual:
            return (
                ChangeKind.enterprise_to_individual
                if current is SubjectType.enterprise
                else ChangeKind.individual_to_individual
            )
        return ChangeKind(self.to.value)



#: The facts a change rule may require (``requires``, ``unless``), by field of
#: ``ChangeRequest``, with what each means in English and Chinese.
CHANGE_REQUIREMENTS: Mapping[str, tuple[str, str]] = MappingProxyType({
    field.name: field.metadata["requirement"] for field in attrs.fields(ChangeRequest)
    if "requirement" in field.metadata})

@attrs.frozen
class OriginalFiling:
    """The filing on record at the previous provider, as a public query shows it."""

    #: Whether the filing on record is an enterprise or an individual filing.
    subject_type: SubjectType | None = None
    #: The subject's name on record.
    subject_name: str | None = None
    #: The subject's certificate number on record. Quote it in YAML.
    certificate_number: str | None = attrs.field(default=None, repr=False)
    #: The subject administrator's name on record.
    subject_administrator_name: str | None = None
    #: The subject administrator's ID number on record. Quote it in YAML.
    subject_administrator_id_number: str | None = attrs.field(default=None, repr=False)
    #: The names of the website administrators on record.
    website_administrator_names: tuple[str, ...] = ()
    #: Every website of the filing is reachable and shows its ICP number.
    websites_accessible: bool | None = None


@attrs.frozen
class TransferRequest:
    """A request to transfer in a filing on record at another provider (``icp transfer``)."""

    #: The filing on record at the previous provider.
    original: OriginalFiling
    #: Documents the applicant can provide for the transfer (document keys).
    documents: frozenset[str] = frozenset()
