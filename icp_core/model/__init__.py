"""The filing, as facts: small frozen attrs classes that know nothing of rules or plugins.

Vocabulary follows the pre-filing guide: the *subject* (主体) is the enterprise or
individual that files; the *subject administrator* (主体负责人) and each website's
*website administrator* (网站负责人) are people; websites carry domains and are
hosted on instances (or identified by a service identification number, 服务码).

A field that is ``None`` is a fact not given yet: a console checks a filing while
the applicant is still typing it, and rules that need a missing fact answer
"needs information" instead of passing or failing.

Modules by concept: ``values`` (enumerated values), ``filing`` (the filing's classes),
``requests`` (change and transfer requests). Import the names from here.
"""

from __future__ import annotations

from icp_core.model.filing import (
    Account,
    DocumentContents,
    Domain,
    Filing,
    Hosting,
    Instance,
    LocalProofHeld,
    Person,
    PreApproval,
    Service,
    ServiceNumber,
    Subject,
    Website,
)
from icp_core.model.requests import (
    CHANGE_REQUIREMENTS,
    ChangeKind,
    ChangeRequest,
    ChangeTarget,
    OriginalFiling,
    TransferRequest,
)
from icp_core.model.values import (
    Billing,
    CertificateType,
    IdDocumentType,
    InstanceType,
    Labelled,
    LocalProof,
    Residency,
    ServiceKind,
    SubjectType,
)

#: The modules whose classes are the model (for the schema, the docs and the converter).
MODULES: tuple[str, ...] = ("icp_core.model.values", "icp_core.model.filing", "icp_core.model.requests")

__all__ = [
    "CHANGE_REQUIREMENTS",
    "Account",
    "Billing",
    "CertificateType",
    "ChangeKind",
    "ChangeRequest",
    "ChangeTarget",
    "DocumentContents",
    "Domain",
    "Filing",
    "Hosting",
    "IdDocumentType",
    "Instance",
    "InstanceType",
    "Labelled",
    "LocalProof",
    "LocalProofHeld",
    "OriginalFiling",
    "Person",
    "PreApproval",
    "Residency",
    "Service",
    "ServiceKind",
    "ServiceNumber",
    "Subject",
    "SubjectType",
    "TransferRequest",
    "Website",
]
