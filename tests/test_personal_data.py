"""ID numbers and phone numbers never appear in clear on any output path."""

from __future__ import annotations

import datetime as dt
import json
import re
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from icp_core.cli import main
from icp_core.engine import Engine, PluginSource
from icp_core.errors import FactError, InputError
from icp_core.facts import (
    credit_code_check_character,
    id_check_character,
    parse_credit_code,
    parse_domain,
    parse_phone,
    parse_resident_id,
)
from icp_core.hookspecs import hookimpl
from icp_core.loading import load_filing, original_from_filing
from icp_core.model import ChangeRequest, ChangeTarget, Filing, OriginalFiling, TransferRequest
from icp_core.output import render_decision, render_documents, render_report, to_data
from icp_core.provinces import Province
from icp_core.testing import filing_data, installed_engine, make_filing, merge, mobile, resident_id

ENGINE = installed_engine()

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


# --------------------------------------------------------------------------- every message template, every error path

# Real-format numbers (right check characters, real mobile prefixes), and how they may be written.
AN_ID = resident_id("henan", "19880101", "456")  # 410101198801014563
A_MOBILE = "13900094321"
WRITTEN = {
    "id": AN_ID,
    "id split": f"{AN_ID[:6]} {AN_ID[6:14]} {AN_ID[14:]}",
    "id slashed": f"{AN_ID[:6]}/{AN_ID[6:]}",
    "mobile": A_MOBILE,
    "mobile dashed": "139-0009-4321",
    "mobile colons": "139:0009:4321",
    "mobile dotted, +86": "+86.139.0009.4321",
    "mobile, 0086 and plus": "0086+139+0009+4321",
}


def number_pattern(number: str) -> re.Pattern[str]:
    """Finds ``number`` in a text whatever separators were put between its digits."""
    gap = r"[\s\-:./+_,()（）]{0,3}"
    return re.compile(gap.join(re.escape(c) for c in number), re.IGNORECASE)


def assert_hidden(text: str, *numbers: str) -> None:
    """No ``numbers`` in ``text``, written plainly or split by separators; nor the usual secrets."""
    assert_clean(text)
    for number in numbers or (AN_ID, A_MOBILE):
        found = number_pattern(number).search(text)
        assert found is None, f"personal data in clear: …{text[max(0, found.start() - 40):found.end() + 20]}…"


def _id_with(birth: str) -> str:
    """An 18-character number with a right check character whose birth date is ``birth`` (real or not)."""
    first17 = f"410101{birth}456"
    return first17 + id_check_character(first17)


def _credit_code_of_an_id() -> str:
    """An ID number's first 17 digits with a right credit-code check character: passes position 18."""
    first17 = AN_ID[:17]
    return first17 + credit_code_check_character(first17)


# (what is parsed, the call, the failure code): every FactError a parser raises, fed a personal number.
FACT_ERRORS: list[tuple[str, Callable[[], object], str]] = [
    (AN_ID + "1", lambda: parse_resident_id(AN_ID + "1"), "length"),
    (AN_ID[:17] + "A", lambda: parse_resident_id(AN_ID[:17] + "A"), "characters"),
    (AN_ID[:17] + "0", lambda: parse_resident_id(AN_ID[:17] + "0"), "checksum"),
    (_id_with("19881301"), lambda: parse_resident_id(_id_with("19881301")), "birth_date"),
    (_id_with("18991231"), lambda: parse_resident_id(_id_with("18991231")), "birth_date"),
    (_id_with("20300101"), lambda: parse_resident_id(_id_with("20300101"), on=dt.date(2026, 12, 1)),
     "future_birth_date"),
    ("+1" + A_MOBILE, lambda: parse_phone("+1 " + A_MOBILE), "prefix"),
    (A_MOBILE + "x", lambda: parse_phone(A_MOBILE + "x"), "characters"),
    (A_MOBILE + "5", lambda: parse_phone(A_MOBILE + "5"), "length"),
    ("+86" + A_MOBILE + "5", lambda: parse_phone("+86 " + A_MOBILE + "5"), "length"),
    ("12900094321", lambda: parse_phone("12900094321"), "prefix"),
    ("01162345678", lambda: parse_phone("011-62345678"), "prefix"),
    ("010623456", lambda: parse_phone("010-623456"), "length"),
    ("01002345678", lambda: parse_phone("010-02345678"), "prefix"),
    (AN_ID, lambda: parse_credit_code(AN_ID), "checksum"),
    (AN_ID + "0", lambda: parse_credit_code(AN_ID + "0"), "length"),
    (AN_ID[:17] + "I", lambda: parse_credit_code(AN_ID[:17] + "I"), "characters"),
    (_credit_code_of_an_id(), lambda: parse_credit_code(_credit_code_of_an_id()), "organization_code_checksum"),
    (A_MOBILE, lambda: parse_domain(A_MOBILE), "idna"),
    (AN_ID, lambda: parse_domain(AN_ID), "idna"),
    (A_MOBILE, lambda: parse_domain("139:0009:4321"), "idna"),
    (A_MOBILE, lambda: parse_domain("139 0009 4321.cn"), "idna"),
    (AN_ID, lambda: parse_domain(f"x{AN_ID}y"), "no_registrable_part"),
    (A_MOBILE, lambda: parse_domain(f"-{A_MOBILE}.cn"), "idna"),
    (AN_ID, lambda: parse_domain(AN_ID * 4 + ".cn"), "length"),
    (AN_ID, lambda: parse_domain(".".join([AN_ID + "a"] * 14) + ".cn"), "length"),
    (A_MOBILE, lambda: parse_domain(f"{A_MOBILE}..cn"), "length"),
    (A_MOBILE, lambda: parse_domain(f"аb{A_MOBILE}.cn"), "mixed_script"),  # Cyrillic а, Latin b
    (A_MOBILE, lambda: parse_domain(f"例子{A_MOBILE}☃.cn"), "idna"),  # a symbol IDNA 2008 refuses
    (A_MOBILE, lambda: parse_domain(f"例子 {A_MOBILE}.cn"), "idna"),
]


@pytest.mark.parametrize(("number", "call", "code"), FACT_ERRORS, ids=[f"{c}-{n}" for n, _, c in FACT_ERRORS])
def test_every_fact_error_masks_the_number_it_quotes(number: str, call: Callable[[], object], code: str) -> None:
    with pytest.raises(FactError) as info:
        call()
    assert info.value.code == code
    for text in (info.value.en, info.value.zh, str(info.value)):
        assert_hidden(text, number, *[n for n in (AN_ID, A_MOBILE) if n in number])


def test_a_resident_id_typed_as_a_business_licence_number(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The issue's example: the credit-code message echoed the ID number, in both languages."""
    path = tmp_path / "filing.json"
    for written in WRITTEN.values():
        if "id" not in written and not written[:1].isdigit():
            continue
        data = merge(filing_data("beijing"), {"subject": {"certificate_type": "business_license",
                                                          "certificate_number": written}})
        path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
        for lang in ("en", "zh"):
            for output in ("text", "json"):
                assert main(["check", str(path), "--lang", lang, "--format", output]) == 1
                out, err = capsys.readouterr()
                assert "credit_code_valid" in out  # the finding is still there, and says why
                assert_hidden(out + err)
    data = merge(filing_data("beijing"), {"subject": {"certificate_type": "business_license",
                                                      "certificate_number": AN_ID}})
    finding = next(f for f in ENGINE.check(load_filing(data)).findings if f.rule_id.endswith("credit_code_valid"))
    assert "410101********4563" in finding.message.en and "410101********4563" in finding.message.zh


# Fields of other kinds that a person may type a number into: enums, dates, whole numbers,
# the province, domain names, document keys, industries, keys themselves.
WRONG_FIELDS: dict[str, Callable[[str], dict[str, Any]]] = {
    "province": lambda n: {"province": n},
    "subject.type": lambda n: {"subject": {"type": n}},
    "subject.certificate_type": lambda n: {"subject": {"certificate_type": n}},
    "administrator.id_type": lambda n: {"subject": {"administrator": {"id_type": n}}},
    "administrator.residency": lambda n: {"subject": {"administrator": {"residency": n}}},
    "administrator.id_province": lambda n: {"subject": {"administrator": {"id_province": n}}},
    "administrator.birth_date": lambda n: {"subject": {"administrator": {"birth_date": n}}},
    "administrator.age": lambda n: {"subject": {"administrator": {"age": n}}},
    "subject.certificate_province": lambda n: {"subject": {"certificate_province": n}},
    "evaluated_on": lambda n: {"evaluated_on": n},
    "domain name": lambda n: {"websites": [merge(filing_data("beijing")["websites"][0], {"domains": [
        merge(filing_data("beijing")["websites"][0]["domains"][0], {"name": n})]})]},
    "domain expiry": lambda n: {"websites": [merge(filing_data("beijing")["websites"][0], {"domains": [
        merge(filing_data("beijing")["websites"][0]["domains"][0], {"expires_on": n})]})]},
    "holder certificate type": lambda n: {"websites": [merge(filing_data("beijing")["websites"][0], {"domains": [
        merge(filing_data("beijing")["websites"][0]["domains"][0], {"holder_certificate_type": n})]})]},
    "industries": lambda n: {"websites": [merge(filing_data("beijing")["websites"][0], {"industries": [n]})]},
    "service kind": lambda n: {"websites": [merge(filing_data("beijing")["websites"][0], {"services": [{"kind": n}]})]},
    "instance type": lambda n: {"instances": [merge(filing_data("beijing")["instances"][0], {"type": n})]},
    "instance billing": lambda n: {"instances": [merge(filing_data("beijing")["instances"][0], {"billing": n})]},
    "instance months": lambda n: {"instances": [merge(filing_data("beijing")["instances"][0],
                                                      {"subscription_months": n})]},
    "documents": lambda n: {"documents": [n, f"domain_certificate@{n}", f"{n}@websites[0]"]},
    "a key of the subject": lambda n: {"subject": {n: "x"}},
    "a top-level key": lambda n: {n: {"nested": n}},
    "a key of a domain": lambda n: {"websites": [merge(filing_data("beijing")["websites"][0], {"domains": [
        merge(filing_data("beijing")["websites"][0]["domains"][0], {n: True})]})]},
}


@pytest.mark.parametrize("field", list(WRONG_FIELDS))
def test_numbers_typed_into_the_wrong_field(field: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "filing.json"
    for written in WRITTEN.values():
        data = merge(filing_data("beijing"), WRONG_FIELDS[field](written))
        path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
        for lang in ("en", "zh"):
            for output in ("text", "json"):
                # 0 too: an unknown industry or document key is not an error today (see the report)
                assert main(["check", str(path), "--lang", lang, "--format", output]) in (0, 1, 2)
                out, err = capsys.readouterr()
                assert_hidden(out + err)
        try:  # and the library's own error, as a service would serialise it
            load_filing(data)
        except InputError as exc:
            for lang in ("en", "zh"):
                assert_hidden(exc.text(lang))
            assert_hidden(json.dumps([{"path": e.path, "message": e.message} for e in exc.errors], ensure_ascii=False))


@pytest.mark.parametrize("numbers", [(AN_ID,), (A_MOBILE,)])
def test_numbers_in_yaml_that_cannot_be_read(numbers: tuple[str], tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    number = numbers[0]
    for text in (f"province: beijing\nsubject: [{number}\n", f"{number}: 1\n{number}: 2\n",
                 f"province: !!python/object {number}\n", f"subject: {{name: {number}, name: x}}\n",
                 f"province: beijing\n'{number}\n"):
        path = tmp_path / "filing.yaml"
        path.write_text(text, "utf-8")
        for lang in ("en", "zh"):
            assert main(["check", str(path), "--lang", lang]) == 2
            assert_hidden("".join(capsys.readouterr()), number)


def test_batch_error_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [json.dumps(merge(filing_data("beijing"), make(written)), ensure_ascii=False)
             for make in WRONG_FIELDS.values() for written in (AN_ID, "139:0009:4321")]
    lines += [f'{{"{AN_ID}": 1, "{A_MOBILE}": 2}}', f"not json {AN_ID}", f'{{"province": "{A_MOBILE}"}}']
    path = tmp_path / "filings.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    for lang in ("en", "zh"):
        main(["check", "--batch", str(path), "--processes", "1", "--lang", lang])
        out, err = capsys.readouterr()
        assert len(out.splitlines()) == len(lines)
        assert_hidden(out + err)
        keys = json.loads(out.splitlines()[-3])
        assert keys["error"] == "input"
        # keys that are numbers are masked in paths too, and the paths still name them
        assert {"410101********4563", "139****4321"} <= {e["path"] for e in keys["errors"]}


def test_change_and_transfer_requests(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "filing.json"
    path.write_text(json.dumps(filing_data("beijing"), ensure_ascii=False), "utf-8")
    original = tmp_path / "original.json"
    original.write_text(json.dumps({"certificate_number": AN_ID, "subject_administrator_id_number": "139-0009-4321",
                                    "subject_type": AN_ID}), "utf-8")
    for lang in ("en", "zh"):
        for output in ("text", "json"):
            common = ["--lang", lang, "--format", output]
            main(["change", str(path), "--to", "new-certificate-number", "--new-certificate-number", AN_ID,
                  "--document", A_MOBILE, *common])
            main(["transfer", str(path), "--original", str(original), "--document", AN_ID, *common])
            assert_hidden("".join(capsys.readouterr()))
    for argv in (["change", str(path), "--to", AN_ID], ["change", str(path), "--to", "individual", "--names-related",
                                                        "139 0009 4321"], ["check", str(path), "--on", AN_ID],
                 ["check", str(path), "--format", A_MOBILE]):
        with pytest.raises(SystemExit) as exit_:
            main(argv)
        assert exit_.value.code == 2
        assert_hidden("".join(capsys.readouterr()))


# --------------------------------------------------------------------------- harmless numbers stay readable


def test_harmless_numbers_are_not_masked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A date in a rule's message.
    late = merge(filing_data("beijing"), {"websites": [merge(filing_data("beijing")["websites"][0], {"domains": [
        merge(filing_data("beijing")["websites"][0]["domains"][0], {"real_name_verified_on": "2026-12-05"})]})]})
    report = ENGINE.check(load_filing(late))
    finding = next(f for f in report.findings if f.rule_id == "national.domain.real_name_verified")
    for lang in ("en", "zh"):
        assert "2026-12-05" in finding.message.get(lang) and "2026-12-01" in finding.message.get(lang)
    # A byte limit, a line and a column in an input error.
    big = tmp_path / "big.json"
    big.write_text(" " * 2_100_000 + "{}", "utf-8")
    assert main(["check", str(big)]) == 2
    assert "2097152" in "".join(capsys.readouterr())
    bad = tmp_path / "bad.yaml"
    bad.write_text("province: beijing\nsubject:\n  type: enterprise\n  certificate_number: 123\n", "utf-8")
    assert main(["check", str(bad)]) == 2
    err = "".join(capsys.readouterr())
    assert "subject.certificate_number (line 4, column 23): expected text, got int: put the value in quotes" in err
    # A date range in a converter message.
    old = merge(filing_data("beijing"), {"evaluated_on": "1800-01-01"})
    with pytest.raises(InputError) as info:
        load_filing(old)
    assert "1900-01-01" in info.value.text() and "2080-12-31" in info.value.text()


# --------------------------------------------------------------------------- property: any field, any output

def _leaves(value: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    if isinstance(value, dict):
        return [leaf for key, item in value.items() for leaf in _leaves(item, (*path, key))] or [path]
    if isinstance(value, list):
        return [leaf for index, item in enumerate(value) for leaf in _leaves(item, (*path, index))] or [path]
    return [path]


def _placed(data: dict[str, Any], path: tuple[str | int, ...], value: str) -> dict[str, Any]:
    result = json.loads(json.dumps(data))
    target: Any = result
    for step in path[:-1]:
        target = target.setdefault(step, {}) if isinstance(step, str) else target[step]
    if isinstance(target, list) and path[-1] == len(target):
        target.append(value)
    else:
        target[path[-1]] = value
    return result


# Every leaf of a complete filing of each subject type, and fields that a complete filing
# leaves empty (personal ones among them), and new keys.
_EXTRA_PLACES: list[tuple[str | int, ...]] = [
    ("subject", "administrator", "office_phone"), ("subject", "administrator", "email"),
    ("subject", "legal_representative", "mobile"), ("subject", "domains_on_record", 0),
    ("subject", "filings_on_record", 0), ("account", "subjects_on_account", 0), ("documents", 4),
    ("websites", 0, "industries", 0), ("websites", 0, "hosting", "service_identification_number"),
    ("websites", 0, "pre_approvals", 0), ("websites", 0, "domains", 0, "holder_certificate_number"),
    ("subject", "new key"), ("new key",),
]
PLACES = sorted({(kind, leaf) for kind in ("enterprise", "individual")
                 for leaf in [*_leaves(filing_data("beijing", kind)), *_EXTRA_PLACES]}, key=repr)


@st.composite
def id_numbers(draw: st.DrawFn) -> str:
    birth = draw(st.dates(dt.date(1900, 1, 1), dt.date(2025, 12, 31))).strftime("%Y%m%d")
    return resident_id(draw(st.sampled_from(list(Province))), birth, f"{draw(st.integers(0, 999)):03d}")


@st.composite
def written_with_separators(draw: st.DrawFn, number: str) -> str:
    """``number`` with up to four separators (one to three characters each) inserted, or none."""
    cuts = sorted(set(draw(st.lists(st.integers(1, len(number) - 1), max_size=4))))
    parts = [number[a:b] for a, b in zip([0, *cuts], [*cuts, len(number)], strict=True)]
    glue = [draw(st.text(alphabet=" -:./+", min_size=1, max_size=3)) for _ in parts[1:]]
    return parts[0] + "".join(g + p for g, p in zip(glue, parts[1:], strict=True))


def every_output(data: dict[str, Any], number: str) -> str:
    """Everything a face can show for ``data``: report, documents and decisions as JSON and text
    in both languages, or the input error as text in both languages and as JSON."""
    try:  # the engine refuses unknown industries and document keys as input errors too
        filing = load_filing(data)
        report = ENGINE.check(filing)
        documents = ENGINE.documents(filing)
        transfer = ENGINE.transfer(filing, original_from_filing(filing))
        change = ENGINE.change(filing, ChangeRequest(ChangeTarget.new_certificate_number,
                                                     new_certificate_number=number))
    except InputError as exc:
        errors = [{"path": e.path, "message": e.message, "zh": e.text("zh")} for e in exc.errors]
        return exc.text("en") + exc.text("zh") + json.dumps(errors, ensure_ascii=False)
    texts: list[str] = []
    for lang in ("en", "zh"):
        texts += [render_report(report, lang, notes=True), render_documents(documents, lang),
                  render_decision(transfer, lang), render_decision(change, lang)]
        texts += [json.dumps(to_data(answer, lang), ensure_ascii=False) for answer in (report, documents, transfer,
                                                                                       change)]
    return "\n".join(texts)


@given(st.data(), st.one_of(id_numbers(), st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)),
       st.sampled_from(PLACES), st.sampled_from(["", "x", "ID ", "电话：", "tel:", " ", "号码 "]),
       st.sampled_from(["", "y", " ", "号", "@example.com"]))
def test_a_personal_number_in_any_field_never_reaches_any_output(
        data: st.DataObject, number: str, place: tuple[str, tuple[str | int, ...]], before: str, after: str) -> None:
    written = data.draw(written_with_separators(number))
    kind, path = place
    text = every_output(_placed(filing_data("beijing", kind), path, before + written + after), number)
    found = number_pattern(number).search(text)
    assert found is None, f"{number} at {path}: …{text[max(0, found.start() - 60):found.end() + 20]}…"
