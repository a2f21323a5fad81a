"""Remedies: every rule kind gives one, answers carry them, and applying a finding's remedy
to the filing makes that finding go away (over the bundled examples, perturbed, and over
generated filings)."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from icp_core.convert import read_file
from icp_core.errors import InputError
from icp_core.loading import load_filing
from icp_core.remedies import REVIEW, remedy_of, resolve
from icp_core.report import Finding, Remedy, RemedyAction, Text
from icp_core.rules import RULE_KINDS
from icp_core.sections import SECTIONS, explained, section_title
from icp_core.testing import RemedyNotApplicable, apply_remedy, filing_data, installed_engine, merge, resident_id

ENGINE = installed_engine()
EXAMPLES = sorted(Path(__file__).resolve().parents[1].joinpath("examples").glob("*.yaml"))
Data = dict[str, Any]


# --------------------------------------------------------------------------- by construction


@pytest.mark.parametrize("kind", sorted(RULE_KINDS))
def test_every_rule_kind_declares_the_remedies_of_its_findings(kind: str) -> None:
    actions = RULE_KINDS[kind].remedy_actions
    assert actions is not None, f"rule kind {kind!r} does not declare remedy_actions (icp_core.remedies)"
    assert all(isinstance(a, RemedyAction) for a in actions)


def test_every_bundled_rule_cites_a_section_the_table_has() -> None:
    from icp_core.policy import load_policy

    policies = sorted(Path(__file__).resolve().parents[1].glob("plugins/*/icp_*/policy.yaml"))

    def scope(path: Path) -> str:  # the plugin's entry point name
        project = (path.parents[1] / "pyproject.toml").read_text("utf-8")
        return project.split('"icp_filing.plugins"]', 1)[1].split('"')[1]

    cited = {part.strip() for path in policies for rule in load_policy(path, scope=scope(path)).compiled
             for part in rule.citation.split(",")}
    assert len(policies) > 40 and cited
    assert sorted(cited - set(SECTIONS)) == []


def test_a_section_title_names_each_cited_section() -> None:
    assert section_title("5.3.1") == Text("ICP Filing regulations for Beijing", "北京备案规则")
    both = section_title("5.3.5, 5.9.2")
    assert both is not None and "5.9.2 Requirements for Tianjin ICP Filing" in both.en and "天津" in both.zh
    assert section_title("99.9") is None


# --------------------------------------------------------------------------- resolution


def test_a_remedy_is_resolved_against_its_finding() -> None:
    template = Remedy(RemedyAction.at_least, Text("At least {field}.", "至少{field}。"), ".age", minimum=18,
                      alternatives=(Remedy(RemedyAction.upload, Text("Upload.", "上传。"), "..", document="x"),))
    finding = Finding("r", *_violation(), "subject.administrator", "1", "p", (), template)  # type: ignore[call-arg]
    shown = remedy_of(finding)
    assert shown is not None
    assert shown.field == "subject.administrator.age" and shown.text.en == "At least subject.administrator.age."
    assert shown.alternatives[0].field == "subject" and shown.actionable
    provide = resolve(Remedy(RemedyAction.provide, Text("Give {fields}.", "请填写：{fields}。")), "a", ("a.b", "a.c"))
    assert provide.fields == ("a.b", "a.c") and provide.text.zh == "请填写：a.b, a.c。"
    assert not resolve(Remedy(RemedyAction.review, Text("x", "x")), "a").actionable


def test_provide_names_the_findings_own_field_to_give_again() -> None:
    from icp_core.remedies import provide

    again = provide(Text("Give {fields} as on the card.", "请按证件填写{fields}。"))
    shown = resolve(again, "subject.administrator.id_number")
    assert shown.action is RemedyAction.provide and shown.actionable
    assert shown.fields == ("subject.administrator.id_number",) and shown.field == "subject.administrator.id_number"
    assert shown.text.en == "Give subject.administrator.id_number as on the card."
    assert resolve(provide(Text("x", "x"), ".mobile"), "subject.administrator").fields == (
        "subject.administrator.mobile",)


def _violation() -> tuple[Any, ...]:
    from icp_core.report import Severity, Status

    return Status.violation, Severity.error, Text("m", "m")


# --------------------------------------------------------------------------- the property


def _perturbations(data: Data) -> dict[str, Callable[[Data], Data]]:
    """Named ways to break a filing, each a function of the filing's data (``merge``: lists replace
    lists, ``None`` removes a fact)."""
    from icp_core.provinces import Province

    province = Province.parse(data["province"])

    def website(change: Data) -> Callable[[Data], Data]:
        return lambda d: merge(d, {"websites": [merge(d["websites"][0], change), *d["websites"][1:]]}) \
            if d.get("websites") else d

    def domain(change: Data) -> Callable[[Data], Data]:
        def apply(d: Data) -> Data:
            if not d.get("websites") or not d["websites"][0].get("domains"):
                return d
            first = d["websites"][0]
            domains = [merge(first["domains"][0], change), *first["domains"][1:]]
            changed: Data = merge(d, {"websites": [merge(first, {"domains": domains}), *d["websites"][1:]]})
            return changed
        return apply

    def instance(change: Data) -> Callable[[Data], Data]:
        return lambda d: merge(d, {"instances": [merge(d["instances"][0], change), *d["instances"][1:]]}) \
            if d.get("instances") else d

    young = resident_id(province, birth="20120615")
    return {
        "no subject type": lambda d: merge(d, {"subject": {"type": None}}),
        "other subject type": lambda d: merge(d, {"subject": {"type": "individual" if d["subject"].get("type")
                                                              == "enterprise" else "enterprise"}}),
        "no administrator mobile": lambda d: merge(d, {"subject": {"administrator": {"mobile": None}}}),
        "administrator not the legal representative": lambda d: merge(
            d, {"subject": {"administrator": {"is_legal_representative": False}}}),
        "foreign administrator": lambda d: merge(d, {"subject": {"administrator": {
            "residency": "foreign", "id_type": "passport", "id_number": "E12345678", "id_province": None}}}),
        "young administrator": lambda d: merge(d, {"subject": {"administrator": {
            "id_number": young, "birth_date": None, "age": None}}}),
        "administrator aged 15": lambda d: merge(d, {"subject": {"administrator": {"age": 15, "birth_date": None}}}),
        "no documents": lambda d: merge(d, {"documents": []}),
        "no remarks": website({"remarks": None}),
        "sells online": website({"sells_online": True}),
        "news website": website({"industries": ["news"], "pre_approvals": []}),
        "website administrator elsewhere too": website({"administrator": {"administers_other_subjects": True}}),
        "many domains": website({"domains": [
            merge(d0, {"name": f"{prefix}-{n}.example.cn"}) for n, prefix in enumerate("abcdefghijkl")
            for d0 in [data["websites"][0]["domains"][0]]]} if data.get("websites") and
            data["websites"][0].get("domains") else {}),
        "privacy on": domain({"privacy_protection": True}),
        "registered abroad": domain({"registered_outside_mainland": True}),
        "held by another": domain({"holder_name": "某某其他有限公司"}),
        "no holder": domain({"holder_name": None}),
        "pay as you go": instance({"billing": "pay_as_you_go"}),
        "short subscription": instance({"subscription_months": 1}),
        "expiring instance": instance({"expires_on": "2026-12-15"}),
        "no bandwidth": instance({"public_bandwidth_mbps": 0}),
        **_national_perturbations(data, website, domain, instance),
    }


Change = Callable[[Data], Callable[[Data], Data]]


def _national_perturbations(data: Data, website: Change, domain: Change, instance: Change
                            ) -> dict[str, Callable[[Data], Data]]:
    """Ways to break the national plugin's Python rules (guide sections 1-4), one or more each."""
    day = dt.date.fromisoformat(str(data.get("evaluated_on") or "2026-12-01"))

    def administrator(change: Data) -> Callable[[Data], Data]:
        return lambda d: merge(d, {"subject": {"administrator": change}})

    return {
        "invalid domain name": domain({"name": "exa_mple.com.cn"}),
        "unapproved top-level domain": domain({"name": "xinghe-example.dev"}),
        "registrar not approved": domain({"registrar": "GoDaddy.com, LLC"}),
        "registrar confirmed missing from the MIIT list": domain({"registrar": "某某域名服务有限公司",
                                                                   "registrar_on_miit_list": False}),
        "real-name verified in the future": domain({"real_name_verified_on": (day + dt.timedelta(days=9)).isoformat()}),
        "real-name verified today": domain({"real_name_verified_on": day.isoformat()}),
        "holder number differs": domain({"holder_certificate_number": "91110000000000000X"}),
        "holder type is a person's": domain({"holder_certificate_type": "personal_id"}),
        "holder type is an organisation's": domain({"holder_certificate_type": "business_license"}),
        "expired domain": domain({"expires_on": "2020-01-01"}),
        "instance abroad": instance({"in_mainland": False}),
        "instance in Hong Kong": instance({"region": "cn-hongkong", "in_mainland": None}),
        "subscription ended": instance({"expires_on": "2020-01-01", "billing": "subscription"}),
        "unknown instance": website({"hosting": {"instance_id": "i-nowhere", "service_identification_number": None}}),
        "CDN in front of an origin elsewhere": website({"services": [
            {"kind": "cdn", "origin_on_provider": False, "provider_added": False}]}),
        "OSS custom domain": website({"services": [{"kind": "oss"}]}),
        "BGP Anti-DDoS Pro": website({"services": [{"kind": "anti_ddos_pro", "bgp": True, "provider_added": False}]}),
        "service number used before": lambda d: instance({"service_numbers": [{"number": "SN-0001", "used": True}]})(
            website({"hosting": {"instance_id": None, "service_identification_number": "SN-0001"}})(d)),
        "subdomain of a filed domain": domain({"name": "www.xinghe-example.com.cn", "on_record": True}),
        "website administrator named otherwise": website({"administrator": {"name": "赵某某"}}),
        "account files for another subject": lambda d: merge(d, {"account": {
            "id": "account-0001", "subjects_on_account": ["91110000MA00000000"]}}),
        "invalid mobile": administrator({"mobile": "12345"}),
        "fixed line as mobile": administrator({"mobile": "010-12345678"}),
        "invalid office phone": administrator({"office_phone": "12"}),
        "invalid resident ID": administrator({"id_number": "110101198507120015"}),
        "stated province differs": administrator({"id_province": "xizang"}),
        "stated birth date differs": administrator({"birth_date": "1970-01-01"}),
        "stated age differs": administrator({"age": 99}),
        "administrator named otherwise": administrator({"name": "赵某某"}),
        "flagged legal representative wrongly": administrator({
            "is_legal_representative": not d_flag(data)} if d_flag(data) is not None else {}),
        "invalid credit code": lambda d: merge(d, {"subject": {"certificate_number": "91110100MA01ABCD5Z"}})
        if d["subject"].get("certificate_type") == "business_license" else d,
        "certificate province differs": lambda d: merge(d, {"subject": {"certificate_province": "xizang"}}),
    }


def d_flag(data: Data) -> bool | None:
    """The subject administrator's stated is_legal_representative, if any."""
    flag = (data.get("subject", {}).get("administrator") or {}).get("is_legal_representative")
    return flag if isinstance(flag, bool) else None


Tally = Counter[str]


def _assert_remedies_work(data: Data, given_data: Data, tally: Tally) -> None:
    """Every finding of ``data`` has a remedy in both languages; each actionable one, applied,
    makes that finding (same rule and field) go away."""
    try:
        report = ENGINE.check(load_filing(data))
    except InputError:
        tally["input errors"] += 1
        return
    for finding in report.findings:
        remedy = remedy_of(finding)
        assert remedy is not None, f"{finding.rule_id} at {finding.field} has no remedy"
        assert remedy.text.en and remedy.text.zh and "{" not in remedy.text.en
        if finding.remedy is REVIEW:
            tally[f"generic review: {finding.rule_id}"] += 1
        if not remedy.actionable:
            tally["not actionable"] += 1
            tally[f"not actionable: {finding.rule_id}"] += 1
            continue
        try:
            fixed_data = apply_remedy(data, remedy, given=given_data)
        except RemedyNotApplicable:
            tally["facts not at hand"] += 1  # a provide whose facts the complete filing lacks too
            tally[f"facts not at hand: {finding.rule_id}"] += 1
            continue
        fixed = ENGINE.check(load_filing(fixed_data))
        still = {(f.rule_id, f.field) for f in fixed.findings}
        assert (finding.rule_id, finding.field) not in still, (
            f"{finding.rule_id} at {finding.field} remains after its remedy "
            f"{json.dumps(_shown(remedy), ensure_ascii=False, default=str)}")
        tally["applied"] += 1
        tally[f"applied: {finding.rule_id}"] += 1


def _shown(remedy: Remedy) -> dict[str, Any]:
    from icp_core.output import to_data

    shown: dict[str, Any] = to_data(remedy)
    return shown


def test_applying_a_remedy_removes_its_finding_over_the_perturbed_examples() -> None:
    tally: Tally = Counter()
    for path in EXAMPLES:
        original, _ = read_file(path)
        assert isinstance(original, dict)
        if "province" not in original:  # a request's original filing, not a filing
            continue
        for name, perturb in _perturbations(original).items():
            try:
                _assert_remedies_work(perturb(original), original, tally)
            except AssertionError as exc:
                raise AssertionError(f"{path.name}, {name}: {exc}") from None
    # Most remedies can be applied by a program, and were; the rest are counted, not hidden.
    assert tally["applied"] > 500, tally
    assert tally["applied"] > 2 * tally["not actionable"], tally
    _assert_national_remedies(tally)


#: The national plugin's Python rules whose findings a program can fix, as the perturbations
#: break them: each must have been fixed by its remedy, never left for a person.
NATIONAL_ACTIONABLE = (
    "national.domain.valid", "national.domain.registrar_approved", "national.domain.real_name_verified",
    "national.domain.real_name_sync_delay", "national.domain.holder_consistent", "national.domain.not_expired",
    "national.instance.valid_subscription", "national.instance.hosting_known",
    "national.service.cdn_waf_provider_added", "national.service.anti_ddos_provider_added",
    "national.account.one_subject", "national.person.mobile_valid",
    "national.person.office_phone_valid", "national.person.resident_id_valid",
    "national.person.stated_facts_match_id",
    "national.subject.individual_is_administrator", "national.subject.individual_is_website_administrator",
    "national.subject.credit_code_valid",
    "national.subject.stated_province_matches_code",
)
#: Those whose findings are either: in_mainland false is set true, but a region outside mainland
#: China needs another instance; a legal representative's flag is set, but the representative's
#: number under another name needs a person to say which detail is wrong.
NATIONAL_EITHER = ("national.instance.in_mainland", "national.person.legal_representative_flag_consistent")
#: A new value only the applicant can get (a new service identification number): ``provide``,
#: which the complete filing cannot supply (plugins/icp-national/tests apply it with one).
NATIONAL_NEW_VALUE = ("national.service_number.not_reused",)
#: Those a person must act on: another domain, nothing to change (OSS); each with its own
#: remedy, not the generic review.
NATIONAL_FOR_A_PERSON = ("national.domain.tld_approved", "national.domain.subdomain_of_filed_domain",
                         "national.service.oss_custom_domain")


def _assert_national_remedies(tally: Tally) -> None:
    generic = sorted(key for key in tally if key.startswith("generic review: national."))
    assert generic == [], f"national findings without a remedy of their own: {generic}"
    left_to_a_person = {rule: tally[f"not actionable: {rule}"] for rule in NATIONAL_ACTIONABLE
                        if tally[f"not actionable: {rule}"]}
    assert left_to_a_person == {}, left_to_a_person
    unfixed = [rule for rule in NATIONAL_ACTIONABLE + NATIONAL_EITHER if not tally[f"applied: {rule}"]]
    assert unfixed == [], f"no perturbation's finding of these was fixed by its remedy: {unfixed}"
    assert all(tally[f"not actionable: {rule}"] for rule in NATIONAL_FOR_A_PERSON + NATIONAL_EITHER), tally
    assert all(tally[f"facts not at hand: {rule}"] and not tally[f"not actionable: {rule}"]
               for rule in NATIONAL_NEW_VALUE), tally


@st.composite
def generated(draw: st.DrawFn) -> tuple[Data, Data]:
    """A complete filing of the kit (province and subject type drawn) and the same filing
    broken in one to three ways."""
    province = draw(st.sampled_from(["beijing", "tianjin", "hebei", "guangdong", "sichuan", "heilongjiang",
                                     "shaanxi", "xizang", "jiangsu", "gansu"]))
    complete = filing_data(province, draw(st.sampled_from(["enterprise", "individual"])))
    ways = _perturbations(complete)
    broken = complete
    for name in draw(st.lists(st.sampled_from(sorted(ways)), min_size=1, max_size=3, unique=True)):
        broken = ways[name](broken)
    return broken, complete


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generated())
def test_applying_a_remedy_removes_its_finding_over_generated_filings(case: tuple[Data, Data]) -> None:
    broken, complete = case
    _assert_remedies_work(broken, complete, Counter())


# --------------------------------------------------------------------------- kinds' remedies


def test_an_under_age_person_passes_from_the_day_they_come_of_age() -> None:
    data = filing_data("guizhou", "individual")
    data = merge(data, {"subject": {"administrator": {"id_number": resident_id("guizhou", birth="20100301")}}})
    report = ENGINE.check(load_filing(data))
    young = [f for f in report.findings if f.rule_id.endswith("minimum_age") and f.status.value == "violation"]
    assert young
    remedy = remedy_of(young[0])
    assert remedy is not None and remedy.action is RemedyAction.wait_until
    assert remedy.passes_on == dt.date(2028, 3, 1) and "2028-03-01" in remedy.text.en
    assert remedy.alternatives and remedy.alternatives[0].action is RemedyAction.at_least


def test_a_hook_gives_its_own_remedy_or_a_review() -> None:
    from icp_core.policy import compile_policy
    from icp_core.remedies import REVIEW, set_value
    from icp_core.scope_rules import ScopeRules

    policy = compile_policy({"scope": "province.hebei", "section": "5.3.2", "rules": [
        {"id": "hebei.x", "kind": "python", "message": {"en": "X.", "zh": "X。"}}]}, source="policy.yaml")
    rules = ScopeRules("acme", policy)
    own = set_value("abc", Text("Set it.", "设置。"))
    assert rules.violation("hebei.x", "subject.name", remedy=own).remedy is own
    assert rules.violation("hebei.x", "subject.name").remedy is REVIEW
    assert rules.needs_information("hebei.x", "subject.name").remedy.action is RemedyAction.provide  # type: ignore


# --------------------------------------------------------------------------- faces


def _failing() -> Data:
    failing: Data = merge(filing_data("beijing"), {"subject": {"administrator": {"is_legal_representative": False}}})
    return failing


def test_the_json_answer_carries_remedies_always_and_section_titles_with_explain() -> None:
    from icp_core.output import to_data

    report = ENGINE.check(load_filing(_failing()))
    plain = to_data(report)
    rule = "beijing.subject_administrator_is_legal_representative"
    finding = next(f for f in plain["findings"] if f["rule_id"] == rule)
    assert finding["remedy"]["action"] == "set_value" and finding["remedy"]["values"] == [True]
    assert finding["remedy"]["field"] == "subject.administrator.is_legal_representative"
    assert finding["remedy"]["actionable"] is True and finding["section"] is None
    shown = to_data(explained(report), "zh")
    finding = next(f for f in shown["findings"] if f["rule_id"] == rule)
    assert finding["section"] == "北京备案规则" and finding["remedy"]["text"].startswith("由单位法定代表人")


def test_the_schemas_and_openapi_describe_remedies() -> None:
    from icp_core.schema import json_schema
    from icp_core.server.openapi import openapi_document

    schema = json_schema("report")
    remedy = schema["$defs"]["Remedy"]
    assert {"action", "field", "values", "document", "minimum", "passes_on", "actionable", "alternatives"} <= set(
        remedy["properties"])
    assert schema["$defs"]["RemedyAction"]["enum"] == [a.value for a in RemedyAction]
    assert {"remedy", "section"} <= set(schema["$defs"]["Finding"]["properties"])
    document = openapi_document()
    assert "Remedy" in json.dumps(document)
    assert document["components"]["parameters"]["Explain"]["name"] == "explain"


def test_icp_check_explain_prints_section_and_remedy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from icp_core import cli

    path = tmp_path / "filing.json"
    path.write_text(json.dumps(_failing(), ensure_ascii=False, default=str), "utf-8")
    assert cli.main(["check", str(path), "--explain"]) == 1
    out = capsys.readouterr().out
    assert "cite: 5.3.1 \u2014 ICP Filing regulations for Beijing" in out
    assert "remedy: Name the enterprise's legal representative in this role." in out
    assert "[set_value subject.administrator.is_legal_representative values=true]" in out
    assert cli.main(["check", str(path), "--explain", "--lang", "zh"]) == 1
    assert "北京备案规则" in capsys.readouterr().out
    assert cli.main(["check", str(path)]) == 1
    assert "remedy:" not in capsys.readouterr().out  # without --explain the text answer is as before


def test_http_check_carries_remedies_and_explains_on_request() -> None:
    from starlette.testclient import TestClient

    from icp_core.server import create_app

    body = json.dumps(_failing(), ensure_ascii=False, default=str)
    with TestClient(create_app(ENGINE)) as client:
        plain = client.post("/v1/check", content=body).json()
        assert all(f["remedy"]["text"] for f in plain["findings"]) and all(f["section"] is None
                                                                           for f in plain["findings"])
        shown = client.post("/v1/check?explain=true", content=body, headers={"Accept-Language": "zh"}).json()
        assert {f["section"] for f in shown["findings"]} >= {"北京备案规则"}
        bad = client.post("/v1/check?explain=maybe", content=body)
        assert bad.status_code == 422 and "query.explain" in bad.text
