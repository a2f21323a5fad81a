"""The plugin author's kit: build filings in one line, assert rules fire, check conformance.

Its fixtures (``icp_check``, ``icp_engine``, ``icp_plugin_dir``) live in
``icp_core.testing.fixtures``, installed as a pytest plugin (entry point ``pytest11``), so a
plugin's tests get them without importing anything::

    def test_subject_administrator_must_be_legal_representative(icp_check):
        bad = icp_check("beijing", subject={"administrator": {"is_legal_representative": False}})
        assert_fires(bad, "beijing.subject_administrator_is_legal_representative")
        good = icp_check("beijing")
        assert_not_fires(good, "beijing.subject_administrator_is_legal_representative")
        assert_passes(good)   # on failure: every finding, not a truncated repr

``make_filing`` starts from a complete, valid filing for the province (real-format
ID numbers with correct checksums, a local mobile number, a domain held by the
subject, a subscribed ECS instance) and deep-merges your overrides into it; lists
in overrides replace lists.

Besides the filings and the assertions on a report, the kit has one call for each shape
the plugins' tests share: ``website_data``, ``individual_with`` and ``industry_website``
build overrides; ``assert_standard_documents`` and ``assert_notes`` check documents and
informational rules; ``decide_change``, ``assert_change_all_allowed``,
``assert_change_conditional_on``, ``original_of``, ``assert_transfer_mismatches`` and
``assert_no_change_or_transfer_decision`` check change and transfer decisions;
``assert_example_passes`` and ``assert_pre_approval_expires`` the example filing and an
industry's pre-approval.

This module itself imports without pytest (issue 11): its helpers raise ``AssertionError``
with what went wrong, and serve scripts and other test runners as well. The fixtures stay
importable from here (``from icp_core.testing import icp_check``), loaded on first use.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from icp_core.engine import Engine, PluginSource
from icp_core.loading import load_filing
from icp_core.model import ChangeRequest, ChangeTarget, Filing, OriginalFiling, TransferRequest
from icp_core.plugins import PluginSpec, find_plugins
from icp_core.provinces import Province
from icp_core.report import DecisionReport, DocumentsReport, Finding, Note, Outcome, Report, Status

#: The day the kit's filings are checked on (their ``evaluated_on``).
EVALUATED_ON = "2026-12-01"

#: What the ``icp_check`` fixture is, for annotating a test's parameter:
#: ``icp_check(province="beijing", subject_type="enterprise", *, on=None, add_documents=(), **overrides) -> Report``.
Check = Callable[..., Report]

#: One mobile prefix per province (first seven digits), as the offline data (phone 0.4.5) maps it.
LOCAL_MOBILE_PREFIX: Mapping[Province, str] = {
    Province.beijing: "1390009",
    Province.tianjin: "1390021",
    Province.hebei: "1390031",
    Province.shanxi: "1390034",
    Province.neimenggu: "1390004",
    Province.liaoning: "1390001",
    Province.jilin: "1390430",
    Province.heilongjiang: "1390036",
    Province.shanghai: "1390013",
    Province.jiangsu: "1390015",
    Province.zhejiang: "1390057",
    Province.anhui: "1390055",
    Province.fujian: "1390043",
    Province.jiangxi: "1390070",
    Province.shandong: "1390053",
    Province.henan: "1390370",
    Province.hubei: "1390071",
    Province.hunan: "1390073",
    Province.guangdong: "1390005",
    Province.guangxi: "1390077",
    Province.hainan: "1390075",
    Province.chongqing: "1390082",
    Province.sichuan: "1390080",
    Province.guizhou: "1390008",
    Province.yunnan: "1390087",
    Province.xizang: "1390089",
    Province.shaanxi: "1390029",
    Province.gansu: "1390093",
    Province.qinghai: "1390970",
    Province.ningxia: "1390095",
    Province.xinjiang: "1390000",
}


def resident_id(province: Province | str, birth: str = "19900307", serial: str = "123") -> str:
    """A resident ID number with a correct check character, issued in ``province``."""
    from icp_core.facts.identity import id_check_character

    code = Province.parse(province).code
    first17 = f"{code}0101{birth}{serial}"
    return first17 + id_check_character(first17)


def credit_code(province: Province | str, serial: str = "MA01ABCD") -> str:
    """A unified social credit code with both check characters right, registered in ``province``."""
    from icp_core.facts.credit_code import credit_code_check_character, organization_code_check_character

    organization = serial + organization_code_check_character(serial)
    first17 = f"91{Province.parse(province).code}0100{organization}"
    return first17 + credit_code_check_character(first17)


def mobile(province: Province | str, tail: str = "0001") -> str:
    return LOCAL_MOBILE_PREFIX[Province.parse(province)] + tail


def filing_data(province: Province | str = Province.beijing, subject_type: str = "enterprise") -> dict[str, Any]:
    """A complete filing, as plain data, that meets every rule of ``province``."""
    province = Province.parse(province)
    legal = {"name": "王建国", "id_type": "resident_id_card", "id_number": resident_id(province, "19850712", "001"),
             "residency": "mainland"}
    admin = {**legal, "mobile": mobile(province, "0001"), "is_legal_representative": True}
    website_admin = {"name": "李晓梅", "id_type": "resident_id_card", "residency": "mainland",
                     "id_number": resident_id(province, "19920115", "002"), "mobile": mobile(province, "0002"),
                     "is_legal_representative": False, "administers_other_subjects": False}
    enterprise = subject_type == "enterprise"
    name = f"{province.zh}星河示例科技有限公司" if enterprise else "王建国"
    subject: dict[str, Any] = {
        "type": subject_type, "name": name,
        "certificate_type": "business_license" if enterprise else "personal_id",
        "certificate_number": credit_code(province) if enterprise else legal["id_number"],
        "mailing_address": f"{province.zh}示例路1号", "administrator": admin,
    }
    if enterprise:
        subject["legal_representative"] = legal
        subject["individual_business"] = False
    domain = {"name": "xinghe-example.com.cn", "registrar": "阿里云计算有限公司（万网）",
              "registered_outside_mainland": False, "real_name_verified_on": "2026-10-08",
              "holder_name": name, "holder_certificate_number": subject["certificate_number"],
              "privacy_protection": False, "expires_on": "2028-10-08", "on_record": False}
    return {
        "province": province.value, "evaluated_on": EVALUATED_ON, "subject": subject,
        "websites": [{"name": "星河示例官网" if enterprise else "王建国的博客", "remarks": "企业官网，介绍公司产品",
                      "industries": [], "pre_approvals": [], "sells_online": False, "accessible": True,
                      "administrator": website_admin if enterprise else admin, "domains": [domain],
                      "hosting": {"instance_id": "i-example0001"}}],
        "instances": [{"id": "i-example0001", "type": "ecs", "region": "cn-hangzhou", "in_mainland": True,
                       "billing": "subscription", "subscription_months": 12, "expires_on": "2027-11-20",
                       "public_bandwidth_mbps": 5}],
        # Whole-filing keys only, so that a test replacing the websites keeps a valid filing;
        # a per-website upload (website_administrator_id@websites[0].administrator) is added
        # by the tests about uploads.
        "documents": list(BASELINE_DOCUMENTS),
        "account": {"id": "account-0001", "subjects_on_account": []},
    }


def merge(base: Any, overrides: Any) -> Any:
    """Deep-merge ``overrides`` into ``base``: mappings merge, anything else replaces.
    A value of ``None`` removes the key (a fact not given yet)."""
    if isinstance(base, dict) and isinstance(overrides, Mapping):
        result = dict(base)
        for key, value in overrides.items():
            if value is None:
                result.pop(key, None)
            else:
                result[key] = merge(base.get(key), value)
        return result
    return copy.deepcopy(overrides)


#: The documents of the kit's baseline filing: the four that the national plugin and
#: the ``standard_documents`` fragment ask of every filing. A rule that needs another
#: one uploaded (``enforce: true``, ``unless_documents``) fires on the baseline until
#: the test adds it: ``icp_check("hebei", add_documents=["letter_of_guarantee"])``.
BASELINE_DOCUMENTS = ("subject_certificate", "subject_administrator_id", "website_administrator_id",
                      "authenticity_statement")


def make_filing(province: Province | str = Province.beijing, subject_type: str = "enterprise", *,
                add_documents: Iterable[str] = (), **overrides: Any) -> Filing:
    """A filing for ``province`` that passes its rules, with ``overrides`` merged in and
    ``add_documents`` added to its uploaded documents (``documents=[…]`` replaces them)."""
    data = merge(filing_data(province, subject_type), overrides)
    extra = list(add_documents)
    if extra:
        data["documents"] = [*data.get("documents", []), *extra]
    return load_filing(data)


def website_data(province: Province | str = Province.beijing, subject_type: str = "enterprise", *,
                 domain: Mapping[str, Any] | None = None, **changes: Any) -> dict[str, Any]:
    """The kit's website of ``province`` as plain data (the first of ``filing_data``), with
    ``changes`` deep-merged in and ``domain`` merged into its first domain::

        held_elsewhere = website_data("hebei", domain={"holder_name": "别的公司"})
        run_by_someone_else = website_data("hebei", administrator={"id_number": resident_id("henan")})
        icp_check("hebei", websites=[held_elsewhere])
    """
    website: dict[str, Any] = merge(filing_data(province, subject_type)["websites"][0], changes)
    if domain is not None:
        website["domains"] = [merge(website["domains"][0], domain), *website["domains"][1:]]
    return website


def individual_with(province: Province | str, person: Mapping[str, Any]) -> dict[str, Any]:
    """Overrides for the kit's individual filing of ``province`` whose person is ``person``
    (merged into the baseline individual): the subject administrator and the website
    administrator; when ``person`` has an ``id_number``, the subject's certificate number
    and the domain holder's too, so that one person stays subject, administrator and
    domain holder::

        icp_check("ningxia", "individual", **individual_with("ningxia", {"id_number": resident_id("gansu")}))
    """
    website = website_data(province, "individual", administrator=dict(person))
    subject: dict[str, Any] = {"administrator": dict(person)}
    number = person.get("id_number")
    if number:
        subject["certificate_number"] = number
        website["domains"] = [merge(d, {"holder_certificate_number": number}) for d in website["domains"]]
    return {"subject": subject, "websites": [website]}


def industry_website(industry: str, *pre_approvals: Mapping[str, Any], province: Province | str = Province.beijing,
                     **changes: Any) -> dict[str, Any]:
    """The kit's website of ``province`` declaring ``industry`` and holding ``pre_approvals``
    (each as a filing carries it: ``industry``, ``license_number``, ``issuer``,
    ``valid_until``), with ``changes``: ``icp_check(websites=[industry_website("news", LICENCE)])``."""
    return website_data(province, **{"industries": [industry], "pre_approvals": [dict(p) for p in pre_approvals],
                                     **changes})


@functools.lru_cache(maxsize=32)
def installed_engine(*distributions: str) -> Engine:
    """An engine over installed plugins (only ``distributions`` if given), built once.

    A filing in a scope none of them covers is answered ``not_covered``, as in
    production; use ``engine_with_stand_ins`` to test one plugin on its own."""
    return Engine.from_entry_points(list(distributions) or None)


def stand_ins(*covered: str) -> list[PluginSource]:
    """Empty plugins (no rules) for every scope of the guide except ``covered``.

    A test of one plugin adds them so that the filing's other scopes count as covered
    and the verdict is about that plugin's rules alone. Each is named
    ``stand-in-<scope>`` and shows as such in the report's coverage: never use them
    outside tests, since a stand-in passes everything."""
    from icp_core.scopes import all_scopes
    from icp_core.vocabulary import INDUSTRIES

    return [PluginSource(scope, f"stand-in-{scope}", policy={"scope": scope, "section": "1", "rules": []})
            for scope in all_scopes(t.key for t in INDUSTRIES) if scope not in covered]


def engine_with_stand_ins(*sources: PluginSource, allow: Iterable[str] = (), **options: Any) -> Engine:
    """An engine over ``sources`` and the installed plugins in ``allow``, with stand-ins
    (see ``stand_ins``) for every other scope."""
    specs = find_plugins(list(allow)) if allow else []
    covered = {spec.scope for spec in specs} | {source.scope for source in sources}
    given = [*sources, *stand_ins(*covered)]
    specs += [PluginSpec(s.scope, s.distribution, s.version, f"<source:{s.distribution}>") for s in given]
    return Engine(specs, sources={s.distribution: s for s in given}, **options)


def explain(report: Report) -> str:
    """The report as a person reads it: verdict, every finding with its field and message,
    what is missing, what is not covered, plugin failures. For assertion messages."""
    lines = [f"verdict: {report.verdict.value}"]
    for f in report.findings:
        lines.append(f"  [{f.status.value}/{f.severity.value}] {f.rule_id} at {f.field or '-'}: {f.message.en}")
        lines += [f"      missing: {path}" for path in f.missing]
    lines += [f"  not covered: {c.scope} (install {c.install})" for c in report.coverage if not c.covered]
    lines += [f"  plugin failure: {failure.plugin} in {failure.hook}: {failure.error}" for failure in report.failures]
    return "\n".join(lines)


def assert_passes(report: Report) -> None:
    """Assert the verdict is ``pass``; otherwise fail listing every finding (a bare
    ``assert report.passed`` shows a truncated repr of the report instead)."""
    if not report.passed:
        raise AssertionError(f"expected the filing to pass\n{explain(report)}")


def assert_fires(report: Report, rule_id: str, field: str | None = None) -> Finding:
    """Assert ``rule_id`` found a violation (on ``field`` if given); return the finding."""
    hits = [f for f in report.findings if f.rule_id == rule_id and f.status is Status.violation]
    if field is not None:
        hits = [f for f in hits if f.field == field]
    if not hits:
        seen = ", ".join(f"{f.rule_id}@{f.field}" for f in report.findings) or "no findings"
        raise AssertionError(f"expected {rule_id} to fire{f' on {field}' if field else ''}; got: {seen}")
    return hits[0]


def assert_not_fires(report: Report, rule_id: str) -> None:
    hits = [f for f in report.findings if f.rule_id == rule_id]
    if hits:
        raise AssertionError(f"expected {rule_id} not to fire; it did on {[f.field for f in hits]}")


def assert_needs(report: Report, rule_id: str, missing: str) -> None:
    hits = [f for f in report.findings if f.rule_id == rule_id and f.status is Status.needs_information]
    if not any(missing in f.missing for f in hits):
        raise AssertionError(f"expected {rule_id} to ask for {missing}; got {[f.missing for f in hits]}")


def _asks(requirement: Any, rule_id: str | None) -> bool:
    return rule_id is None or requirement.rule_id == rule_id or rule_id in requirement.also_required_by


def assert_requires_document(report: Any, document: str, rule_id: str | None = None) -> None:
    """Assert ``document`` is required (by ``rule_id`` if given, as the reason or among
    the rules that also ask for it)."""
    hits = [d for d in report.documents if d.document == document and _asks(d, rule_id)]
    if not hits:
        raise AssertionError(f"expected document {document} ({rule_id or 'any rule'}); "
                             f"got {[(d.document, d.rule_id) for d in report.documents]}")


def assert_no_document(report: Any, document: str, rule_id: str | None = None) -> None:
    hits = [d for d in report.documents if d.document == document and _asks(d, rule_id)]
    if hits:
        raise AssertionError(f"expected no {document} from {rule_id or 'any rule'}; got {[d.rule_id for d in hits]}")


#: The documents of the core's ``standard_documents`` fragment, with the subject types
#: each is asked of: the certificate and the authenticity statement of every filing, the
#: administrators' IDs of enterprises.
STANDARD_DOCUMENTS: Mapping[str, tuple[str, ...]] = {
    "subject_certificate": ("enterprise", "individual"),
    "subject_administrator_id": ("enterprise",),
    "website_administrator_id": ("enterprise",),
    "authenticity_statement": ("enterprise", "individual"),
}


def assert_standard_documents(engine: Engine, province: Province | str, *,
                              documents: Iterable[str] = tuple(STANDARD_DOCUMENTS),
                              enterprise: Filing | None = None, individual: Filing | None = None,
                              ) -> tuple[DocumentsReport, DocumentsReport]:
    """Assert the province asks for the ``standard_documents`` (those named in ``documents``,
    all four by default), each by its rule ``<key>.document.<document>``: of the kit's
    enterprise filing (or ``enterprise``) all of them, of its individual filing (or
    ``individual``) the certificate and the authenticity statement and not the
    administrators' IDs. A standard document left out of ``documents`` is asked by no rule
    of the province, for either. Returns the two document lists (enterprise, individual)."""
    key = Province.parse(province).value
    wanted = list(documents)
    unknown = [d for d in wanted if d not in STANDARD_DOCUMENTS]
    if unknown:
        raise ValueError(f"not standard documents: {unknown}; they are {list(STANDARD_DOCUMENTS)}")
    reports = {"enterprise": engine.documents(enterprise or make_filing(province)),
               "individual": engine.documents(individual or make_filing(province, "individual"))}
    for subject_type, report in reports.items():
        for document, asked_of in STANDARD_DOCUMENTS.items():
            if document not in wanted:
                by_province = [d.rule_id for d in report.documents if d.document == document
                               and any(r.startswith(key + ".") for r in (d.rule_id, *d.also_required_by))]
                if by_province:
                    raise AssertionError(f"expected no {document} from {key} ({subject_type}); got {by_province}")
            elif subject_type in asked_of:
                assert_requires_document(report, document, f"{key}.document.{document}")
            else:
                assert_no_document(report, document, f"{key}.document.{document}")
    return reports["enterprise"], reports["individual"]


def assert_notes(report: Report | DecisionReport, *rule_ids: str, citation: str | None = None) -> dict[str, Note]:
    """Assert each of ``rule_ids`` is among the report's notes (its informational rules),
    with a reason in both languages and, if given, ``citation``; return the report's notes
    by rule id."""
    notes = {n.rule_id: n for n in report.notes}
    for rule_id in rule_ids:
        note = notes.get(rule_id)
        if note is None:
            raise AssertionError(f"expected the note {rule_id}; got {sorted(notes) or 'no notes'}")
        if not note.reason.en.strip() or not note.reason.zh.strip():
            raise AssertionError(f"{rule_id}: the note does not say why in both languages: {note.reason}")
        if citation is not None and note.citation != citation:
            raise AssertionError(f"{rule_id}: cites {note.citation!r}, expected {citation!r}")
    return notes


def decision_of(report: DecisionReport) -> str:
    return report.outcome.value if report.outcome is not None else "error"



def _deciding_rule(report: DecisionReport) -> str | None:
    return report.reasons[0].rule_id if report.reasons else None


def _no_failure(report: DecisionReport, what: str) -> Outcome:
    if report.outcome is None:
        raise AssertionError(f"{what}: no decision, a plugin failed: "
                             + "; ".join(f"{f.plugin} in {f.hook}: {f.error}" for f in report.failures))
    return report.outcome


def decide_change(engine: Engine, filing: Filing, request: ChangeRequest | ChangeTarget,
                  rule_id: str | None = None) -> Outcome:
    """The outcome of changing ``filing`` as ``request`` asks (a ``ChangeTarget`` alone is a
    request with no further facts). With ``rule_id``, assert that rule decided it (the first
    reason), unless the outcome is ``undetermined`` (no rule has the cell). A plugin failure
    fails the assertion::

        enterprise = make_filing("jilin")
        assert decide_change(icp_engine, enterprise, ChangeTarget.individual, "jilin.change") is Outcome.allowed
    """
    request = _change_request(request)
    report = engine.change(filing, request)
    outcome = _no_failure(report, f"change to {request.to.value}")
    if rule_id is not None and outcome is not Outcome.undetermined and _deciding_rule(report) != rule_id:
        raise AssertionError(f"change to {request.to.value}: expected {rule_id} to decide ({outcome.value}); "
                             f"decided by {_deciding_rule(report)} [{report.decided_by}]")
    return outcome


def _change_request(request: ChangeRequest | ChangeTarget) -> ChangeRequest:
    return ChangeRequest(request) if isinstance(request, ChangeTarget) else request


def assert_change_conditional_on(engine: Engine, filing: Filing, request: ChangeRequest | ChangeTarget,
                                 rule_id: str, *, fact: str | None = None, document: str | None = None) -> None:
    """Assert a change cell that turns on one ``fact`` of the request (a ``ChangeRequest``
    field such as ``individual_is_legal_representative`` or ``names_related``) or on one
    ``document`` (``certificate_of_change``), decided each time by ``rule_id``:

    - as ``request`` is (the fact not given, the document not provided) it is
      ``conditional``, every unmet condition is ``rule_id``'s, and (with ``document``)
      names that document;
    - the fact true, or the document provided: ``allowed``;
    - the fact false: ``denied``.
    """
    if (fact is None) == (document is None):
        raise ValueError("give either fact or document")
    request = _change_request(request)
    pending = engine.change(filing, request)
    what = f"change to {request.to.value}"
    if _no_failure(pending, what) is not Outcome.conditional or _deciding_rule(pending) != rule_id:
        raise AssertionError(f"{what}: expected conditional by {rule_id}; got {_no_failure(pending, what).value} "
                             f"by {_deciding_rule(pending)}")
    unmet = [c for c in pending.conditions if not c.met]
    if not unmet or any(c.rule_id != rule_id for c in unmet):
        raise AssertionError(f"{what}: expected unmet conditions of {rule_id}; got {[c.rule_id for c in unmet]}")
    cases: list[tuple[str, dict[str, Any], Outcome]]
    if document is not None:
        if [c.document for c in unmet] != [document]:
            raise AssertionError(f"{what}: expected the condition to ask for {document}; "
                                 f"got {[c.document for c in unmet]}")
        cases = [(f"{document} provided", {"documents": request.documents | {document}}, Outcome.allowed)]
    else:
        cases = [(f"{fact}=True", {str(fact): True}, Outcome.allowed),
                 (f"{fact}=False", {str(fact): False}, Outcome.denied)]
    for label, given, expected in cases:
        got = decide_change(engine, filing, attrs.evolve(request, **given), rule_id)
        if got is not expected:
            raise AssertionError(f"{what} with {label}: expected {expected.value}, got {got.value}")


#: The cells of the core's ``change_all_allowed`` fragment, by the subject type of the filing.
_ALL_ALLOWED: Mapping[str, tuple[ChangeRequest, ...]] = {
    "enterprise": (ChangeRequest(ChangeTarget.enterprise), ChangeRequest(ChangeTarget.individual)),
    "individual": (ChangeRequest(ChangeTarget.individual), ChangeRequest(ChangeTarget.enterprise),
                   ChangeRequest(ChangeTarget.enterprise, individual_is_legal_representative=True),
                   ChangeRequest(ChangeTarget.enterprise, individual_is_legal_representative=False)),
}


def assert_change_all_allowed(engine: Engine, province: Province | str, subject_type: str | None = None) -> None:
    """Assert the cells of the core's ``change_all_allowed`` fragment: the province's rule
    ``<key>.change`` allows, with no condition, the kit's enterprise filing to become another
    enterprise's or an individual's, and its individual filing to become another
    individual's or an enterprise's, whether or not the individual is that enterprise's
    legal representative. ``subject_type`` limits it to the cells of that side (for a
    section that states them in two bullets)."""
    rule_id = f"{Province.parse(province).value}.change"
    for side, requests in _ALL_ALLOWED.items():
        if subject_type not in (None, side):
            continue
        filing = make_filing(province, side)
        for request in requests:
            report = engine.change(filing, request)
            legal = request.individual_is_legal_representative
            what = f"{side} filing to {request.to.value}" + (
                "" if legal is None else f" (individual_is_legal_representative={legal})")
            if _no_failure(report, what) is not Outcome.allowed or _deciding_rule(report) != rule_id \
                    or report.conditions:
                raise AssertionError(f"{what}: expected allowed by {rule_id} with no condition; got "
                                     f"{report.outcome.value if report.outcome else None} by {_deciding_rule(report)}"
                                     f"{f', conditions {report.conditions}' if report.conditions else ''}")


def original_of(filing: Filing, **overrides: Any) -> OriginalFiling:
    """The filing on record at the previous provider, as a public query shows it, when it
    is the same as ``filing``: subject type, name and certificate number, the subject
    administrator's name and ID number, the websites' administrators' names. ``overrides``
    replace any of these (``None``: the query does not show it); ``websites_accessible``
    is left unsaid unless given."""
    subject, admin = filing.subject, filing.subject.administrator
    names = tuple(dict.fromkeys(w.administrator.name for w in filing.websites
                                if w.administrator is not None and w.administrator.name))
    values: dict[str, Any] = {
        "subject_type": subject.type, "subject_name": subject.name, "certificate_number": subject.certificate_number,
        "subject_administrator_name": admin.name if admin else None,
        "subject_administrator_id_number": admin.id_number if admin else None,
        "website_administrator_names": names}
    values.update(overrides)
    return OriginalFiling(**values)


def assert_transfer_mismatches(engine: Engine, filing: Filing, original: OriginalFiling,
                               mismatches: Iterable[Mapping[str, Any]], outcome: Outcome, rule_id: str, *,
                               documents: Iterable[str] = (), ignored: Iterable[Mapping[str, Any]] = (),
                               ) -> DecisionReport:
    """Assert how a transfer of ``filing`` from ``original`` (usually ``original_of(filing)``)
    is decided:

    - as ``original`` is, the transfer is ``allowed`` (that report is returned, for its notes);
    - with each of ``mismatches`` (fields of the original and other values:
      ``{"subject_name": "旧名称有限公司"}``) it is ``outcome``, decided by ``rule_id`` (the
      first reason; for ``denied``, the only rule denying; for ``conditional``, the first
      condition too, not yet met);
    - with ``documents`` provided as well, a ``conditional`` mismatch is allowed (and its
      condition names one of them), any other outcome stays as it was: a document does not
      cure a denial;
    - with each of ``ignored`` (differences no rule compares) the transfer stays allowed.
    """
    documents = frozenset(documents)

    def transfer(mismatch: Mapping[str, Any], provided: frozenset[str] = frozenset()) -> DecisionReport:
        return engine.transfer(filing, TransferRequest(attrs.evolve(original, **mismatch), provided))

    def expect(report: DecisionReport, expected: Outcome, what: str) -> None:
        got = _no_failure(report, what)
        if got is not expected:
            raise AssertionError(f"{what}: expected {expected.value}, got {got.value} "
                                 f"(by {_deciding_rule(report)} [{report.decided_by}])")

    same = transfer({})
    expect(same, Outcome.allowed, "the transfer from the same original")
    for mismatch in mismatches:
        report = transfer(mismatch)
        expect(report, outcome, f"the transfer with {dict(mismatch)}")
        if _deciding_rule(report) != rule_id:
            raise AssertionError(f"the transfer with {dict(mismatch)}: expected {rule_id} to decide; "
                                 f"decided by {_deciding_rule(report)} [{report.decided_by}]")
        others = sorted({r.rule_id for r in report.reasons} - {rule_id})
        if outcome is Outcome.denied and others:
            raise AssertionError(f"the transfer with {dict(mismatch)}: expected {rule_id} alone to deny it; "
                                 f"also denied by {others}")
        if outcome is Outcome.conditional:
            condition = report.conditions[0] if report.conditions else None
            if condition is None or condition.rule_id != rule_id or condition.met:
                raise AssertionError(f"the transfer with {dict(mismatch)}: expected an unmet condition of "
                                     f"{rule_id}; got {report.conditions}")
            if documents and condition.document not in documents:
                raise AssertionError(f"the transfer with {dict(mismatch)}: the condition asks for "
                                     f"{condition.document}, not one of {sorted(documents)}")
        if documents:
            cured = Outcome.allowed if outcome is Outcome.conditional else outcome
            expect(transfer(mismatch, documents), cured, f"the transfer with {dict(mismatch)} and {sorted(documents)}")
    for difference in ignored:
        expect(transfer(difference), Outcome.allowed, f"the transfer with {dict(difference)} (not compared)")
    return same


def assert_no_change_or_transfer_decision(engine: Engine, filing: Filing, scope: str) -> DecisionReport:
    """Assert ``scope`` (``"industry.culture"``) decides no change of ``filing`` (to any
    ``ChangeTarget``) and no transfer of it from ``original_of(filing)``: it has no decision
    among the report's, none of its rules is a reason or a condition, and it never stands
    as the decision; where the filing's province decides, the province's decision stands.
    Returns the transfer's report."""
    key = scope.split(".")[-1] + "."
    province = f"province.{filing.province.value}"
    requests = [(f"change to {t.value}", engine.change(filing, ChangeRequest(t))) for t in ChangeTarget]
    transfer = engine.transfer(filing, TransferRequest(original_of(filing)))
    for what, report in [*requests, ("transfer", transfer)]:
        _no_failure(report, what)
        decided_by = report.decided_by.split(", ")
        own = [d for d in report.decisions if d.scope == scope]
        rules = [rule for rule in [*(r.rule_id for r in report.reasons), *(c.rule_id for c in report.conditions)]
                 if rule.startswith(key)]
        if own or rules or scope in decided_by:
            raise AssertionError(f"{what}: expected no decision of {scope}; got {own or rules or decided_by}")
        if any(d.scope == province for d in report.decisions) and report.decided_by != province:
            raise AssertionError(f"{what}: {province} decides, yet {report.decided_by} stands")
    return transfer


def conformance_problems(distribution: str, tests: Iterable[Path] = ()) -> list[str]:
    """What keeps a plugin from conforming: every rule needs a dotted id under the
    plugin's scope key, a citation of a guide section, a message in both languages,
    and a test that names its id (for informational rules, a reason). A test that calls
    ``assert_standard_documents`` names the ``<key>.document.<document>`` rules it asserts,
    one that calls ``assert_change_all_allowed`` the ``<key>.change`` rule."""
    engine = Engine.from_entry_points([distribution], strict=True)
    engine.load_all()
    problems: list[str] = []
    corpus = "\n".join(p.read_text("utf-8") for path in tests for p in _python_files(path))
    for state in engine._scopes.values():  # the one scope of this distribution
        policy = state.policy
        if policy is None:
            problems.append(f"{distribution}: no policy.yaml")
            continue
        prefix = state.spec.scope.split(".")[-1]
        asserted = {f"{prefix}.document.{d}" for d in STANDARD_DOCUMENTS} \
            if "assert_standard_documents(" in corpus else set()
        if "assert_change_all_allowed(" in corpus:
            asserted.add(f"{prefix}.change")
        for compiled in policy.compiled:
            rule_id = compiled.id
            if not rule_id.startswith(prefix + "."):
                problems.append(f"{rule_id}: id should start with {prefix!r}")
            if not re.fullmatch(r"\d+(\.\d+)*(, \d+(\.\d+)*)*", compiled.citation):
                problems.append(f"{rule_id}: citation {compiled.citation!r} is not a guide section")
            if not compiled.message.en.strip() or not compiled.message.zh.strip():
                problems.append(f"{rule_id}: message missing in English or Chinese")
            elif not re.search(r"[\u4e00-\u9fff]", compiled.message.zh):
                problems.append(f"{rule_id}: the Chinese message has no Chinese in it")
            if compiled.note is None and tests and rule_id not in corpus and rule_id not in asserted:
                problems.append(f"{rule_id}: no test names this rule")
    return problems


def _python_files(path: Path) -> Iterable[Path]:
    return sorted(path.rglob("*.py")) if path.is_dir() else [path]


# --------------------------------------------------------------------------- examples and pre-approvals


def example_path(name: str) -> Path:
    """``examples/<name>`` of the repository (``.yaml`` added to a name without a suffix):
    in the checkout this kit is imported from, else in the working directory or the
    nearest folder above it that has one."""
    file = name if Path(name).suffix else f"{name}.yaml"
    here = Path.cwd().resolve()
    for root in (Path(__file__).resolve().parents[2], here, *here.parents):
        if (root / "examples" / file).is_file():
            return root / "examples" / file
    raise FileNotFoundError(f"examples/{file}: not in this checkout nor above {here}")


def assert_example_passes(name: str, *, covers: str | None = None) -> Report:
    """Check ``examples/<name>`` (see ``example_path``) with every installed plugin and
    assert it passes with every scope it is in covered by a plugin (with ``covers``, that
    scope among them); return the report::

        def test_the_example_passes_with_every_plugin() -> None:
            assert_example_passes("jilin-individual")
    """
    report = installed_engine().check(load_filing(example_path(name)))
    assert_passes(report)
    uncovered = [c.scope for c in report.coverage if not c.covered]
    if uncovered:
        raise AssertionError(f"examples/{name}: scopes not covered: {uncovered}")
    if covers is not None and covers not in {c.scope for c in report.coverage}:
        raise AssertionError(f"examples/{name}: not in {covers}; its scopes: {[c.scope for c in report.coverage]}")
    return report


def assert_pre_approval_expires(check: Check, rule_id: str, pre_approval: Mapping[str, Any], *,
                                province: Province | str = Province.beijing) -> None:
    """Assert a pre-approval counts through its last valid day and no longer: on the kit's
    evaluation day (``EVALUATED_ON``) a website of ``province`` declaring the industry of
    ``pre_approval`` and holding it with that day as ``valid_until`` does not break
    ``rule_id``; holding it with the day before does, on ``websites[0].pre_approvals``."""
    day = dt.date.fromisoformat(EVALUATED_ON)
    industry = pre_approval["industry"]

    def holding(last_day: dt.date) -> Report:
        held = {**pre_approval, "valid_until": last_day.isoformat()}
        return check(province, websites=[industry_website(industry, held, province=province)])

    assert_fires(holding(day - dt.timedelta(days=1)), rule_id, "websites[0].pre_approvals")
    assert_not_fires(holding(day), rule_id)


def install_plugin(root: Path, distribution: str, scope: str, *, policy: str | None = None, code: str = "",
                   version: str = "1.0") -> None:
    """Lay out a plugin under ``root`` as an installed distribution would be (a package
    and a ``.dist-info`` with its entry point), so that discovery finds it through
    ``importlib.metadata`` exactly like a pip-installed plugin once ``root`` is on
    ``sys.path`` (the ``icp_plugin_dir`` fixture does that)."""
    package = distribution.replace("-", "_").replace(".", "_")
    folder = root / package
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text(code, "utf-8")
    if policy is not None:
        (folder / "policy.yaml").write_text(policy, "utf-8")
    info = root / f"{package}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {distribution}\nVersion: {version}\n", "utf-8")
    (info / "entry_points.txt").write_text(f"[icp_filing.plugins]\n{scope} = {package}\n", "utf-8")


_FIXTURES = ("icp_check", "icp_engine", "icp_plugin_dir")


def __getattr__(name: str) -> Any:
    """The fixtures, importable from here as before the split, loaded (with pytest) on first use."""
    if name in _FIXTURES:
        from icp_core.testing import fixtures

        return getattr(fixtures, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
