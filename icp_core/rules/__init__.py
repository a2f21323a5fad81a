"""Declarative rule kinds: the few shapes that most provincial rules share.

A plugin's ``policy.yaml`` lists rules; each names a ``kind`` defined here and its
parameters. At load time every rule is validated (unknown keys and wrong types are
errors with file:line:col) and compiled into plain closures, so a check costs a few
function calls per rule and no dictionary look-ups. ``docs/rule-kinds.md`` lists
the kinds and which bullets of sections 5.2–5.9 each one covers.

Rules that need code declare ``kind: python``: the policy still gives the id,
citation and both messages; the plugin's hook implementation does the checking.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from icp_core.rules.base import ROLE_TEXT, CompileContext, Compiled, Rule, TextSpec, When
from icp_core.rules.decisions import (
    ChangeAlternative,
    ChangeEntry,
    ChangeMatrixRule,
    TransferAccessibleRule,
    TransferAllowedRule,
    TransferConsistencyRule,
    TransferPreconditionRule,
)
from icp_core.rules.declared import InformationalRule, PythonRule
from icp_core.rules.documents import RequireDocumentRule
from icp_core.rules.domains import (
    DomainCountDocumentsRule,
    DomainHolderRule,
    DomainPrivacyOffRule,
    DomainRegisteredInMainlandRule,
    OnRecordAccessibleRule,
    SameWebsiteRemarkRule,
    WebsiteDomainsRule,
)
from icp_core.rules.instances import InstanceRequirementsRule
from icp_core.rules.people import (
    AdministratorRelationRule,
    DistinctPhoneNumbersRule,
    ExclusiveWebsiteAdministratorRule,
    IdentityDocumentRule,
    LegalRepresentativeRule,
    LocalIdentityRule,
    LocalMobileRule,
    MinimumAgeRule,
    RequiredFactsRule,
    ResidencyRule,
)
from icp_core.rules.subject import CertificateTypeRule, SubjectNameRule, SubjectTypeRule
from icp_core.rules.websites import (
    AcceptedLicense,
    IndustryDeclaredRule,
    PreApprovalRule,
    WebsiteForbidsRule,
    WebsiteNameRule,
)

__all__ = ["ROLE_TEXT", "RULE_KINDS", "ChangeEntry", "CompileContext", "Compiled", "Rule", "TextSpec", "When"]

RULE_KINDS: Mapping[str, type[Rule]] = {
    "legal_representative": LegalRepresentativeRule,
    "minimum_age": MinimumAgeRule,
    "local_identity": LocalIdentityRule,
    "identity_document": IdentityDocumentRule,
    "residency": ResidencyRule,
    "required_facts": RequiredFactsRule,
    "local_mobile": LocalMobileRule,
    "administrator_relation": AdministratorRelationRule,
    "distinct_phone_numbers": DistinctPhoneNumbersRule,
    "exclusive_website_administrator": ExclusiveWebsiteAdministratorRule,
    "certificate_type": CertificateTypeRule,
    "subject_type": SubjectTypeRule,
    "subject_name": SubjectNameRule,
    "domain_holder": DomainHolderRule,
    "domain_privacy_off": DomainPrivacyOffRule,
    "domain_registered_in_mainland": DomainRegisteredInMainlandRule,
    "website_domains": WebsiteDomainsRule,
    "on_record_accessible": OnRecordAccessibleRule,
    "same_website_remark": SameWebsiteRemarkRule,
    "domain_count_documents": DomainCountDocumentsRule,
    "website_name": WebsiteNameRule,
    "website_forbids": WebsiteForbidsRule,
    "pre_approval": PreApprovalRule,
    "industry_declared": IndustryDeclaredRule,
    "instance_requirements": InstanceRequirementsRule,
    "require_document": RequireDocumentRule,
    "change_matrix": ChangeMatrixRule,
    "transfer_consistency": TransferConsistencyRule,
    "transfer_accessible": TransferAccessibleRule,
    "transfer_precondition": TransferPreconditionRule,
    "transfer_allowed": TransferAllowedRule,
    "informational": InformationalRule,
    "python": PythonRule,
}

for _kind in (*RULE_KINDS.values(), ChangeEntry, ChangeAlternative, When, TextSpec, AcceptedLicense):
    attrs.resolve_types(_kind)  # so profiles can structure parameter overrides by field type
