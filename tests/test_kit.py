"""The plugin author's kit (icp_core.testing): its plain helpers import without pytest."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
import textwrap

import icp_core.testing as kit

# --------------------------------------------------------------------------- the package split (issue 11)


def test_the_plain_helpers_import_and_work_without_pytest() -> None:
    """Issue 11: with pytest not importable, icp_core.testing imports and its helpers run;
    only the fixtures need pytest, and asking for one says so."""
    script = textwrap.dedent("""
        import sys
        sys.modules["pytest"] = None  # import pytest now raises ImportError
        import icp_core.testing as kit
        report = kit.installed_engine().check(kit.make_filing("beijing"))
        kit.assert_passes(report)
        kit.assert_not_fires(report, "beijing.enterprise_certificate")
        assert kit.filing_data("beijing", "individual")["subject"]["type"] == "individual"
        try:
            kit.icp_check
        except ImportError:
            print("fixtures need pytest")
        print("plain helpers ok")
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == "fixtures need pytest plain helpers ok".split()


def test_the_entry_point_names_the_module_with_the_fixtures() -> None:
    [entry] = [e for e in importlib.metadata.entry_points(group="pytest11") if e.name == "icp_filing"]
    assert entry.value == "icp_core.testing.fixtures"
    module = entry.load()
    for name in ("icp_check", "icp_engine", "icp_plugin_dir"):
        assert hasattr(module, name)
        assert getattr(kit, name) is getattr(module, name)  # still importable from icp_core.testing


def test_every_name_of_the_kit_before_the_split_is_still_importable() -> None:
    before = ["EVALUATED_ON", "LOCAL_MOBILE_PREFIX", "BASELINE_DOCUMENTS", "resident_id", "credit_code", "mobile",
              "filing_data", "merge", "make_filing", "installed_engine", "stand_ins", "engine_with_stand_ins",
              "explain", "assert_passes", "assert_fires", "assert_not_fires", "assert_needs",
              "assert_requires_document", "assert_no_document", "decision_of", "conformance_problems",
              "install_plugin", "icp_plugin_dir", "icp_engine", "icp_check"]
    assert [name for name in before if not hasattr(kit, name)] == []


def test_the_icp_check_fixture_still_checks_the_kit_filing(icp_check: kit.Check) -> None:
    kit.assert_passes(icp_check("beijing"))
