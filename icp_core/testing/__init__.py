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

This module itself imports without pytest (issue 11): its helpers raise ``AssertionError``
with what went wrong, and serve scripts and other test runners as well. The fixtures stay
importable from here (``from icp_core.testing import icp_check``), loaded on first use.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from icp_core.engine import Engine, PluginSource
from icp_core.loading import load_filing
from icp_core.model import Filing
from icp_core.plugins import PluginSpec, find_plugins
from icp_core.provinces import Province
from icp_core.report import DecisionReport, Finding, Report, Status

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


def decision_of(report: DecisionReport) -> str:
    return report.outcome.value if report.outcome is not None else "error"


def conformance_problems(distribution: str, tests: Iterable[Path] = ()) -> list[str]:
    """What keeps a plugin from conforming: every rule needs a dotted id under the
    plugin's scope key, a citation of a guide section, a message in both languages,
    and a test that names its id (for informational rules, a reason)."""
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
            if compiled.note is None and tests and rule_id not in corpus:
                problems.append(f"{rule_id}: no test names this rule")
    return problems


def _python_files(path: Path) -> Iterable[Path]:
    return sorted(path.rglob("*.py")) if path.is_dir() else [path]


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
