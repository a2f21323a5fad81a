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
industry's pre-approval; ``apply_remedy`` carries out a finding's remedy on a filing's data,
to test that it makes the finding go away.

This module itself imports without pytest (issue 11): its helpers raise ``AssertionError``
with what went wrong, and serve scripts and other test runners as well. The fixtures stay
importable from here (``from icp_core.testing import icp_check``), loaded on first use.
"""


from __future__ import annotations

from typing import Any

from icp_core.testing.assertions import (
    STANDARD_DOCUMENTS as STANDARD_DOCUMENTS,
)
from icp_core.testing.assertions import (
    assert_example_passes as assert_example_passes,
)
from icp_core.testing.assertions import (
    assert_fires as assert_fires,
)
from icp_core.testing.assertions import (
    assert_needs as assert_needs,
)
from icp_core.testing.assertions import (
    assert_no_document as assert_no_document,
)
from icp_core.testing.assertions import (
    assert_not_fires as assert_not_fires,
)
from icp_core.testing.assertions import (
    assert_notes as assert_notes,
)
from icp_core.testing.assertions import (
    assert_passes as assert_passes,
)
from icp_core.testing.assertions import (
    assert_pre_approval_expires as assert_pre_approval_expires,
)
from icp_core.testing.assertions import (
    assert_requires_document as assert_requires_document,
)
from icp_core.testing.assertions import (
    assert_standard_documents as assert_standard_documents,
)
from icp_core.testing.assertions import (
    example_path as example_path,
)
from icp_core.testing.assertions import (
    explain as explain,
)
from icp_core.testing.conformance import (
    conformance_problems as conformance_problems,
)
from icp_core.testing.decisions import (
    assert_change_all_allowed as assert_change_all_allowed,
)
from icp_core.testing.decisions import (
    assert_change_conditional_on as assert_change_conditional_on,
)
from icp_core.testing.decisions import (
    assert_no_change_or_transfer_decision as assert_no_change_or_transfer_decision,
)
from icp_core.testing.decisions import (
    assert_transfer_mismatches as assert_transfer_mismatches,
)
from icp_core.testing.decisions import (
    decide_change as decide_change,
)
from icp_core.testing.decisions import (
    decision_of as decision_of,
)
from icp_core.testing.decisions import (
    original_of as original_of,
)
from icp_core.testing.engines import (
    engine_with_stand_ins as engine_with_stand_ins,
)
from icp_core.testing.engines import (
    install_plugin as install_plugin,
)
from icp_core.testing.engines import (
    installed_engine as installed_engine,
)
from icp_core.testing.engines import (
    stand_ins as stand_ins,
)
from icp_core.testing.filings import (
    BASELINE_DOCUMENTS as BASELINE_DOCUMENTS,
)
from icp_core.testing.filings import (
    EVALUATED_ON as EVALUATED_ON,
)
from icp_core.testing.filings import (
    LOCAL_MOBILE_PREFIX as LOCAL_MOBILE_PREFIX,
)
from icp_core.testing.filings import (
    Check as Check,
)
from icp_core.testing.filings import (
    credit_code as credit_code,
)
from icp_core.testing.filings import (
    filing_data as filing_data,
)
from icp_core.testing.filings import (
    individual_with as individual_with,
)
from icp_core.testing.filings import (
    industry_website as industry_website,
)
from icp_core.testing.filings import (
    make_filing as make_filing,
)
from icp_core.testing.filings import (
    merge as merge,
)
from icp_core.testing.filings import (
    mobile as mobile,
)
from icp_core.testing.filings import (
    resident_id as resident_id,
)
from icp_core.testing.filings import (
    website_data as website_data,
)
from icp_core.testing.remedies import (
    RemedyNotApplicable as RemedyNotApplicable,
)
from icp_core.testing.remedies import (
    apply_remedy as apply_remedy,
)

_FIXTURES = ("icp_check", "icp_engine", "icp_plugin_dir")


def __getattr__(name: str) -> Any:
    """The fixtures, importable from here as before the split, loaded (with pytest) on first use."""
    if name in _FIXTURES:
        from icp_core.testing import fixtures

        return getattr(fixtures, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

