"""The catalogue of documents a filing can require, by stable key (section 1 tables).

Filings list the keys they have uploaded; rules name the keys they require; reports
show the bilingual name. A plugin that needs a document not listed here declares it
in its policy (``documents:``) and the engine adds it to its own catalogue.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from icp_core.report import Text

CATALOGUE: Mapping[str, Text] = MappingProxyType(
    {
        "subject_certificate": Text("Certificate of the subject (business licence or identity document)", "主体证件"),
        "subject_administrator_id": Text("Identity document of the subject administrator", "主体负责人证件"),
        "website_administrator_id": Text("Identity document of the website administrator", "网站负责人证件"),
        "authenticity_statement": Text("Website authenticity statement", "网站备案信息真实性核验单"),
        "face_verification": Text("Face or photo-backdrop verification of the administrator", "人脸核验或幕布照"),
        "photo_holding_id": Text("Photo of the administrator holding the identity document", "负责人手持证件照"),
        "photo_holding_organization_certificate": Text(
            "Photo of the administrator holding the organisation's certificate", "负责人手持单位证件照"
        ),
        "authorization_letter": Text("Letter of authorization from the legal representative", "法定代表人授权书"),
        "domain_confirmation": Text("Domain list confirmation (Beijing)", "域名确认书（北京）"),
        "domain_holder_certificate": Text("Certificate from the domain holder", "域名持有者证明"),
        "domain_certificate": Text("Domain registration certificate", "域名证书"),
        "finance_commitment_letter": Text("Commitment letter for finance-related websites", "金融类网站备案承诺书"),
        "website_construction_plan": Text("Website construction plan", "网站建设方案书"),
        "letter_of_guarantee": Text("Provider's letter of guarantee, sealed", "接入商担保函（盖章）"),
        "residence_permit": Text("Residence permit of the province", "本省居住证"),
        "local_proof": Text(
            "Proof of living, studying or working in the province", "在本省学习、居住或工作的证明"
        ),
        "employment_or_income_proof": Text("Proof of employment or income", "工作或收入证明"),
        "guardian_id": Text("Identity documents of the legal guardian", "法定监护人身份证件"),
        "phone_bills": Text(
            "Invoices or bills of the last three months for the phone numbers", "近三个月电话号码的发票或账单"
        ),
        "certificate_of_change": Text(
            "Certificate of change from the issuing authority", "发证机关出具的变更证明"
        ),
        "pre_approval": Text("Pre-approval licence of the content industry", "行业前置审批文件"),
        "guarantee_no_financial_business": Text(
            "Letter of guarantee of no financial business", "不从事金融业务的承诺书"
        ),
    }
)
