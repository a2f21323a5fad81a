"""ID numbers and phone numbers never appear in clear on any output path."""

from __future__ import annotations

import json
import types
from pathlib import Path

import pytest

from icp_core.cli import main
from icp_core.engine import Engine, PluginSource
from icp_core.hookspecs import hookimpl
from icp_core.model import ChangeRequest, ChangeTarget, Filing, OriginalFiling, TransferRequest
from icp_core.output import render_decision, render_report, to_data
from icp_core.testing import filing_data, make_filing, merge, mobile, resident_id

ID = resident_id("beijing", "19900307", "123")
OTHER_ID = resident_id("henan", "19880101", "456")
PHONE = mobile("beijing", "4321")
SECRETS = (ID, OTHER_ID, PHONE, ID[6:14] + ID[14:])  # also the tail of the ID number


def assert_clean(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"personal data in clear: …{text[max(0, text.find(secret) - 30):][:80]}"


def leaky_filing() -> dict[str, object]:
    data = filing_data("beijing")
    return merge(data, {"subject": {"administrator": {"id_number": ID, "mobile": PHONE}},
                        "websites": [merge(data["websites"][0], {"administrator": {
                            **data["websites"][0]["administrator"], "id_number": OTHER_ID, "mobile": "139000"}})]})


def test_reports_in_every_format_and_language(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "filing.json"
    path.write_text(json.dumps(leaky_filing(), ensure_ascii=False), "utf-8")
    for args in (["check", str(path)], ["check", str(path), "--format", "json"], ["check", str(path), "--lang", "zh"],
                 ["documents", str(path), "--format", "json"], ["change", str(path), "--to", "individual"],
                 ["transfer", str(path), "--original", str(path)]):
        main(args)
        out, err = capsys.readouterr()
        assert_clean(out + err)


def test_input_errors_quoting_values(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = merge(leaky_filing(), {"subject": {"administrator": {"age": ID, "birth_date": PHONE},
                                             "type": f"person {ID}"}})
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad, ensure_ascii=False), "utf-8")
    assert main(["check", str(path)]) == 2
    out, err = capsys.readouterr()
    assert_clean(out + err)
    yaml_path = tmp_path / "bad.yaml"
    yaml_path.write_text(f"province: beijing\nsubject: [{ID}\n", "utf-8")
    assert main(["check", str(yaml_path)]) == 2
    assert_clean("".join(capsys.readouterr()))


def test_batch_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [json.dumps(leaky_filing(), ensure_ascii=False), f'{{"province": "beijing", "subject": "{ID}"}}',
             f"not json {PHONE}"]
    path = tmp_path / "filings.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    main(["check", "--batch", str(path)])
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 3
    assert_clean(out + err)


def test_plugin_failures_and_decisions() -> None:
    def boom(filing: Filing) -> None:
        admin = filing.subject.administrator
        assert admin is not None
        raise RuntimeError(f"lookup failed for {admin.id_number} / {admin.mobile}")

    module = types.ModuleType("leaky")
    module.check_entity = hookimpl(boom)  # type: ignore[attr-defined]
    engine = Engine.from_sources(PluginSource("national", "icp-leaky", module=module),
                                 PluginSource("province.beijing", "icp-province-beijing", policy=Path(
                                     __file__).resolve().parents[1] / "plugins/icp-province-beijing/"
                                     "icp_province_beijing/policy.yaml"))
    filing = make_filing(subject={"administrator": {"id_number": ID, "mobile": PHONE}})
    report = engine.check(filing)
    assert report.failures
    for lang in ("en", "zh"):
        assert_clean(render_report(report, lang) + json.dumps(to_data(report, lang), ensure_ascii=False))
        decision = engine.transfer(filing, TransferRequest(OriginalFiling(subject_administrator_id_number=OTHER_ID)))
        assert_clean(render_decision(decision, lang) + json.dumps(to_data(decision, lang), ensure_ascii=False))
        change = engine.change(filing, ChangeRequest(ChangeTarget.new_certificate_number, new_certificate_number=ID))
        assert_clean(render_decision(change, lang))


def test_reprs_of_the_model_hide_numbers() -> None:
    filing = make_filing(subject={"administrator": {"id_number": ID, "mobile": PHONE}})
    assert_clean(repr(filing))
