"""Derived facts about one filing, computed on demand and cached for one check.

Rules ask ``facts.age(person)`` rather than reading ``person.age``: the answer
comes from what the filing states, or else from what its values imply (a resident
ID number's birth date, a mobile number's province). A ``Facts`` belongs to one
check in one thread; the engine makes a new one per call, so nothing is shared.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from icp_core.errors import FactError
from icp_core.model import (
    Domain,
    Filing,
    IdDocumentType,
    Instance,
    Person,
    Residency,
    SubjectType,
    Website,
)
from icp_core.provinces import Province

T = TypeVar("T")

if TYPE_CHECKING:
    from icp_core.facts.credit_code import CreditCode
    from icp_core.facts.domain import DomainName
    from icp_core.facts.identity import ResidentIdNumber
    from icp_core.facts.phone import PhoneNumber

#: Who a person rule is about; the keys are used in policies.
PERSON_ROLES = ("subject_administrator", "website_administrator", "legal_representative")



class ParsedValues:
    """Parsing of real values, memoised in bounded LRU caches; a value that does not
    parse is cached as its ``FactError``. Thread-safe (``functools.lru_cache``)."""

    __slots__ = ("credit_code", "domain", "phone", "resident_id")

    def __init__(self, size: int = 4096) -> None:
        from icp_core.facts.credit_code import parse_credit_code
        from icp_core.facts.domain import parse_domain
        from icp_core.facts.identity import parse_resident_id
        from icp_core.facts.phone import parse_phone

        self.domain: Callable[[str], DomainName | FactError] = functools.lru_cache(size)(_or_error(parse_domain))
        self.resident_id: Callable[[str], ResidentIdNumber | FactError] = functools.lru_cache(size)(
            _or_error(parse_resident_id))
        self.phone: Callable[[str], PhoneNumber | FactError] = functools.lru_cache(size)(_or_error(parse_phone))
        self.credit_code: Callable[[str], CreditCode | FactError] = functools.lru_cache(size)(
            _or_error(parse_credit_code))


def _or_error(parse: Callable[[str], T]) -> Callable[[str], T | FactError]:
    def parse_or_error(value: str) -> T | FactError:
        try:
            return parse(value)
        except FactError as error:
            return error

    return parse_or_error


class Facts:
    """Facts about ``filing`` as of ``on``; lazily derived, cached per instance."""

    __slots__ = ("_cache", "_params", "filing", "on", "parsed", "subject_type")

    def __init__(self, filing: Filing, on: dt.date, parsed: ParsedValues | None = None) -> None:
        self.filing = filing
        self.on = on
        self.subject_type: SubjectType | None = filing.subject.type
        #: Parsed ID numbers, phones, credit codes and domains; the engine shares one
        #: bounded cache across its checks, since consoles re-check the same values.
        self.parsed = parsed if parsed is not None else ParsedValues()
        self._cache: dict[object, object] = {}
        self._params: Mapping[str, Mapping[str, Any]] = {}

    def params(self, rule_id: str) -> Mapping[str, Any]:
        """The parameters of a ``kind: python`` rule of the plugin being called, with the
        deployment profile's overrides applied (empty if the rule declares none)."""
        return self._params.get(rule_id, {})

    def with_params(self, params: Mapping[str, Mapping[str, Any]]) -> Facts:
        """The same facts (and cache) seen by one plugin's hooks, with its rules' parameters."""
        view = Facts.__new__(Facts)
        view.filing, view.on, view.subject_type, view._cache = self.filing, self.on, self.subject_type, self._cache
        view.parsed = self.parsed
        view._params = params
        return view

    # -- people ---------------------------------------------------------------

    def people(self, roles: tuple[str, ...]) -> list[tuple[str, Person | None]]:
        """``(path, person)`` for every person in ``roles``; ``None`` where not given."""
        key = ("people", roles)
        found = self._cache.get(key)
        if found is None:
            people: list[tuple[str, Person | None]] = []
            subject = self.filing.subject
            for role in roles:
                if role == "subject_administrator":
                    people.append(("subject.administrator", subject.administrator))
                elif role == "legal_representative":
                    people.append(("subject.legal_representative", subject.legal_representative))
                elif role == "website_administrator":
                    for index, website in enumerate(self.filing.websites):
                        people.append((f"websites[{index}].administrator", website.administrator))
                else:  # a role declared in rules.base.PEOPLE_TEXT and not located here
                    raise ValueError(f"Facts.people does not know where to find {role!r} in a filing")
            self._cache[key] = found = people
        return found  # type: ignore[return-value]

    def resident_id(self, person: Person) -> ResidentIdNumber | None:
        """The parsed resident ID number, or ``None`` if absent, another document, or malformed."""
        if person.id_number is None or person.id_type not in (None, IdDocumentType.resident_id_card):
            return None
        found = self.parsed.resident_id(person.id_number)
        return None if isinstance(found, FactError) else found

    def age(self, person: Person) -> int | None:
        """Age on the evaluation day; ``None`` when unknown or when the birth date lies
        after that day (an impossible fact, reported by the national rules)."""
        from icp_core.facts.identity import age_on

        if person.age is not None and person.birth_date is None:
            return person.age
        birth = person.birth_date
        if birth is None:
            rid = self.resident_id(person)
            birth = rid.birth_date if rid is not None else None
        if birth is None:
            return None
        try:
            return age_on(birth, self.on)
        except FactError:
            return None

    def id_province(self, person: Person) -> Province | None:
        if person.id_province is not None:
            return person.id_province
        rid = self.resident_id(person)
        return rid.province if rid is not None else None

    def residency(self, person: Person) -> Residency | None:
        if person.residency is not None:
            return person.residency
        if person.id_type is not None:
            return _RESIDENCY_OF_DOCUMENT.get(person.id_type)
        return Residency.mainland if self.resident_id(person) is not None else None

    def mobile_province(self, person: Person) -> Province | None:
        if person.mobile_province is not None:
            return person.mobile_province
        if person.mobile is None:
            return None
        found = self.parsed.phone(person.mobile)
        return None if isinstance(found, FactError) else found.province

    def is_legal_representative(self, person: Person) -> bool | None:
        """Stated, or else implied by the legal representative's ID number or name."""
        if person.is_legal_representative is not None:
            return person.is_legal_representative
        legal = self.filing.subject.legal_representative
        if legal is None:
            return None
        if legal.id_number and person.id_number:
            return legal.id_number.upper() == person.id_number.upper()
        if legal.name and person.name:
            return legal.name.strip() == person.name.strip()
        return None

    def same_person(self, a: Person, b: Person) -> bool | None:
        if a.id_number and b.id_number:
            return a.id_number.upper() == b.id_number.upper()
        if a.name and b.name:
            return a.name.strip() == b.name.strip()
        return None

    # -- websites, domains, instances -----------------------------------------

    def websites(self) -> Iterator[tuple[str, Website]]:
        for index, website in enumerate(self.filing.websites):
            yield f"websites[{index}]", website

    def domains(self) -> list[tuple[str, Website, Domain]]:
        found = self._cache.get("domains")
        if found is None:
            found = [
                (f"websites[{w}].domains[{d}]", website, domain)
                for w, website in enumerate(self.filing.websites)
                for d, domain in enumerate(website.domains)
            ]
            self._cache["domains"] = found
        return found  # type: ignore[return-value]

    def instances(self) -> Iterator[tuple[str, Instance]]:
        for index, instance in enumerate(self.filing.instances):
            yield f"instances[{index}]", instance

    def domain(self, name: str) -> DomainName | None:
        """The parsed domain name, or ``None`` if it is malformed (``parsed.domain`` says why)."""
        found = self.parsed.domain(name)
        return None if isinstance(found, FactError) else found

    def prefix(self, name: str) -> str:
        """The label left of the public suffix ("example" in www.example.com.cn)."""
        parsed = self.domain(name)
        return parsed.prefix if parsed is not None else name.lower()

    def registrable(self, name: str) -> str:
        parsed = self.domain(name)
        return parsed.registrable if parsed is not None else name.lower()

    def subject_domain_names(self) -> tuple[str, ...]:
        """Every domain of the subject: on record and in this filing, deduplicated."""
        found = self._cache.get("subject_domains")
        if found is None:
            names = dict.fromkeys(
                [*self.filing.subject.domains_on_record, *(d.name for _, _, d in self.domains())]
            )
            self._cache["subject_domains"] = found = tuple(names)
        return found  # type: ignore[return-value]

    def subject_prefixes(self) -> frozenset[str]:
        """Distinct domain prefixes across the subject's domains (Guangdong counts these)."""
        found = self._cache.get("subject_prefixes")
        if found is None:
            self._cache["subject_prefixes"] = found = frozenset(
                self.prefix(name) for name in self.subject_domain_names()
            )
        return found  # type: ignore[return-value]

    def credit_code(self, number: str) -> CreditCode | None:
        """The parsed unified social credit code, or ``None`` if it is malformed."""
        found = self.parsed.credit_code(number)
        return None if isinstance(found, FactError) else found

    def has_document(self, key: str, field: str = "") -> bool:
        """Whether ``key`` is uploaded for ``field``. A requirement for the whole filing
        (no field) or for an item a filing has one of (the subject, its administrator, its
        legal representative) is met by ``key``; a requirement per website, website
        administrator or domain only by an upload for that item (``key@field``, e.g.
        ``domain_certificate@websites[0].domains[1]``): one upload cannot stand for many."""
        documents = self.filing.documents
        if field and f"{key}@{field}" in documents:
            return True
        return key in documents and not field.startswith(_PER_ITEM)

    def has_any_document(self, keys: tuple[str, ...], field: str = "") -> bool:
        """Whether one of ``keys`` is uploaded for ``field`` (see :meth:`has_document`): a
        rule waived by a document asks for it with the same field it lists it under."""
        return any(self.has_document(key, field) for key in keys)


#: Paths of items a filing may have many of: a whole-filing upload cannot stand for one of them.
_PER_ITEM = ("websites", "instances")


_RESIDENCY_OF_DOCUMENT = {
    IdDocumentType.resident_id_card: Residency.mainland,
    IdDocumentType.temporary_id_card: Residency.mainland,
    IdDocumentType.household_register: Residency.mainland,
    IdDocumentType.military_id: Residency.mainland,
    IdDocumentType.hk_macao_residence_permit: Residency.hong_kong_macao,
    IdDocumentType.hk_macao_travel_permit: Residency.hong_kong_macao,
    IdDocumentType.taiwan_residence_permit: Residency.taiwan,
    IdDocumentType.taiwan_travel_permit: Residency.taiwan,
    IdDocumentType.passport: Residency.foreign,
    IdDocumentType.foreign_permanent_residence: Residency.foreign,
}
