"""Lists come from their declarations: a hook or a scope kind added in one place and not
handled where it must be makes one of these tests fail, with no list kept in sync by hand."""

from __future__ import annotations

import sys
from collections.abc import Callable

import pytest

from icp_core import hookspecs
from icp_core.engine import Engine
from icp_core.model import ChangeRequest, ChangeTarget, OriginalFiling, TransferRequest
from icp_core.scopes import SCOPE_PATTERN, ScopeKind, all_scopes, citation_for
from icp_core.testing import make_filing


def test_the_hooks_are_the_specifications_of_the_hookspecs_module() -> None:
    declared = [name for name in dir(hookspecs) if hasattr(getattr(hookspecs, name), f"{hookspecs.PROJECT}_spec")]
    assert sorted(hookspecs.HOOK_NAMES) == sorted(declared)
    assert hookspecs.HOOK_NAMES[:4] == hookspecs.FINDING_HOOKS


@pytest.mark.parametrize("hook", hookspecs.HOOK_NAMES)
def test_the_engine_calls_every_declared_hook(hook: str, icp_plugin_dir: Callable[..., None]) -> None:
    """A plugin implementing only ``hook`` is called by one of the engine's questions."""
    package = f"acme_hook_{hook}"
    icp_plugin_dir(f"acme-hook-{hook.replace('_', '-')}", "province.beijing", code=(
        "from icp_core.hookspecs import hookimpl\n"
        "CALLED = []\n"
        "@hookimpl\n"
        f"def {hook}(filing):\n"
        f"    CALLED.append({hook!r})\n"))
    engine = Engine.from_entry_points([f"acme-hook-{hook.replace('_', '-')}"])
    filing = make_filing("beijing")
    engine.check(filing)
    engine.documents(filing)
    engine.change(filing, ChangeRequest(ChangeTarget.individual))
    engine.transfer(filing, TransferRequest(OriginalFiling(subject_name="x")))
    assert sys.modules[package].CALLED, f"no question of the engine calls {hook}"


@pytest.mark.parametrize("kind", list(ScopeKind))
def test_every_scope_kind_is_handled_everywhere(kind: ScopeKind, tmp_path: object) -> None:
    scope = kind.word if not kind.keyed else f"{kind.word}.example"
    assert SCOPE_PATTERN.match(scope)
    assert citation_for(scope) == kind.section
    assert ScopeKind.of(scope) is kind
    if kind.keyed and kind is not ScopeKind.province:
        from pathlib import Path

        from icp_core.scaffold import new_plugin

        folder = new_plugin(kind.word, "example", Path(str(tmp_path)))
        assert f"{kind.word}.example" in (folder / "pyproject.toml").read_text("utf-8")
    covered = {ScopeKind.of(s) for s in all_scopes(["news"])}
    assert kind in covered


@pytest.mark.parametrize("requirement", sorted(__import__("icp_core.model", fromlist=["x"]).CHANGE_REQUIREMENTS))
def test_every_change_requirement_reaches_the_rules_and_the_cli(requirement: str, tmp_path: object,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """A fact declared as a change requirement on ChangeRequest is a value the change rules
    accept (``requires``), has its reason text, and is an ``icp change`` flag."""
    import json
    from pathlib import Path

    from icp_core import cli
    from icp_core.policy import compile_policy
    from icp_core.rules.decisions import _REQUIREMENT_TEXT
    from icp_core.testing import filing_data

    assert _REQUIREMENT_TEXT[requirement].zh
    compile_policy({"scope": "province.hebei", "section": "5.3.2", "rules": [
        {"id": "hebei.change", "kind": "change_matrix",
         "cite": "5.3.2", "changes": {"individual_to_enterprise": {"outcome": "allowed", "requires": [requirement]}}}]},
        source="policy.yaml")
    args = cli._parser().parse_args(["change", "x.yaml", "--to", "enterprise",
                                     "--" + requirement.replace("_", "-"), "no"])
    assert getattr(args, requirement) is False
    filing = Path(str(tmp_path)) / "filing.json"
    filing.write_text(json.dumps(filing_data("hebei", "individual")), "utf-8")
    cli.main(["change", str(filing), "--to", "enterprise", "--" + requirement.replace("_", "-"), "yes",
              "--format", "json"])
    assert json.loads(capsys.readouterr().out)["outcome"]


@pytest.mark.parametrize("rule", [
    {"kind": "require_document", "document": "no_such_paper"},
    {"kind": "legal_representative", "who": ["website_administrator"], "unless_documents": ["no_such_paper"]},
    {"kind": "change_matrix", "changes": {"enterprise_to_individual": {"outcome": "conditional",
                                                                      "documents": ["no_such_paper"]}}},
    # An alternative of a change cell: the hand-written list of document fields missed it.
    {"kind": "change_matrix", "changes": {"new_name": {"outcome": "conditional", "alternatives": [
        {"requires": ["names_related"]}, {"documents": ["no_such_paper"]}]}}},
])
def test_every_document_a_rule_names_is_checked_against_the_catalogue(rule: dict[str, object]) -> None:
    from icp_core.errors import PolicyError
    from icp_core.policy import compile_policy

    data = {"scope": "province.hebei", "section": "5.3.2", "rules": [{"id": "hebei.rule", "cite": "5.3.2", **rule}]}
    with pytest.raises(PolicyError, match="unknown document 'no_such_paper'"):
        compile_policy(data, source="policy.yaml")


@pytest.mark.parametrize("role", __import__("icp_core.rules", fromlist=["x"]).PEOPLE)
def test_every_role_is_named_found_and_accepted(role: str) -> None:
    """A role declared once (rules.base.PEOPLE_TEXT) has its name in both languages, is
    located in a filing by Facts.people, and is accepted wherever a kind names people."""
    import datetime as dt

    from icp_core.context import Facts, ParsedValues
    from icp_core.policy import compile_policy
    from icp_core.rules import ROLE_TEXT

    assert ROLE_TEXT[role].en and ROLE_TEXT[role].zh
    found = Facts(make_filing("beijing"), dt.date(2026, 12, 1), ParsedValues()).people((role,))
    assert found and all(person is not None for _, person in found)
    compile_policy({"scope": "province.hebei", "section": "5.3.2", "rules": [
        {"id": "hebei.who", "cite": "5.3.2", "kind": "minimum_age", "who": [role]},
        {"id": "hebei.holder", "cite": "5.3.2", "kind": "domain_holder", "holders": [role]}]}, source="policy.yaml")
