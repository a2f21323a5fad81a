"""Conformance of a plugin: what its policy and tests must have (every rule tested by id,
its hooks declared)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from icp_core.engine import Engine
from icp_core.testing.assertions import STANDARD_DOCUMENTS


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
