"""Facts derived from real values: ID numbers, credit codes, phone numbers, domain names.

Each ``parse_*`` function checks a value and returns a frozen record of what it
says, or raises :class:`icp_core.errors.FactError` with a stable ``code``.

Importing this package is cheap: the data sets (the ``phone`` package's mobile
prefix table, ``publicsuffixlist``'s bundled Public Suffix List) are loaded on
first use, once, under a lock. ``stdnum`` is not used at all.
"""

from __future__ import annotations

from icp_core.facts.credit_code import (
    CreditCode,
    credit_code_check_character,
    organization_code_check_character,
    parse_credit_code,
)
from icp_core.facts.domain import DomainName, is_subdomain_of, parse_domain
from icp_core.facts.identity import (
    ResidentIdNumber,
    age_on,
    id_check_character,
    parse_resident_id,
)
from icp_core.facts.phone import (
    PhoneNumber,
    area_code_province,
    mobile_province,
    parse_phone,
)

__all__ = [
    "CreditCode",
    "DomainName",
    "PhoneNumber",
    "ResidentIdNumber",
    "age_on",
    "area_code_province",
    "credit_code_check_character",
    "id_check_character",
    "is_subdomain_of",
    "mobile_province",
    "organization_code_check_character",
    "parse_credit_code",
    "parse_domain",
    "parse_phone",
    "parse_resident_id",
]
