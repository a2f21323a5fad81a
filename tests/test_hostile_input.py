"""Hostile input in every entry point that reads text (issue 10, classes 1, 2 and 4).

Deep nesting is an input error at ``Limits.max_depth`` whatever its size, before any
parser recurses; every line of a batch is answered, in order; what one filing may
hold is bounded before it is structured; no stream is read past its size limit.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from icp_core import batch, streaming
from icp_core.cli import main
from icp_core.convert import DEFAULT_LIMITS, Limits, json_nesting_error, parse_json, parse_text, read_file
from icp_core.errors import InputError
from icp_core.loading import load_filing
from icp_core.testing import filing_data, merge, mobile, resident_id

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
ID_NUMBER = resident_id("beijing", "19900307", "123")
PHONE = mobile("beijing", "0001")
TOO_DEEP = f"nested deeper than {DEFAULT_LIMITS.max_depth} levels"


def errors_of(call: Any, *args: Any, **kwargs: Any) -> dict[str, str]:
    with pytest.raises(InputError) as caught:
        call(*args, **kwargs)
    return {e.path: e.message for e in caught.value.errors}


def nested(shape: str, levels: int) -> str:
    """``levels`` nested containers of one YAML/JSON shape, around a scalar."""
    if shape == "flow list":
        return "[" * levels + "1" + "]" * levels
    if shape == "flow mapping":
        return "{a: " * levels + "1" + "}" * levels
    if shape == "json":
        return '{"a":' * levels + "1" + "}" * levels
    if shape == "block sequence":
        return "- " * levels + "1\n"
    if shape == "block mapping":  # indentation grows with depth: a 2 MB file holds ~2,000 levels
        return "".join(" " * i + "a:\n" for i in range(levels)) + " " * levels + "1\n"
    raise AssertionError(shape)


SHAPES = ["flow list", "flow mapping", "json", "block sequence", "block mapping"]


# --------------------------------------------------------------------------- class 1: nesting


@pytest.mark.parametrize("levels", [500, 10_000, 100_000])
@pytest.mark.parametrize("shape", SHAPES)
def test_deep_nesting_of_any_size_is_an_input_error_at_the_documented_depth(shape: str, levels: int) -> None:
    if shape == "block mapping":
        levels = min(levels, 1500)
    found = errors_of(parse_text, nested(shape, levels))
    assert list(found.values()) == [TOO_DEEP]
    path = next(iter(found))
    assert path.startswith("a.a.a") or path.startswith("[0][0][0]")  # the field where it went too deep


@pytest.mark.parametrize("shape", SHAPES)
def test_nesting_up_to_the_limit_is_read_and_one_more_level_is_not(shape: str) -> None:
    limit = DEFAULT_LIMITS.max_depth
    assert parse_text(nested(shape, limit))[0] is not None  # the scalar sits at depth 24
    assert errors_of(parse_text, nested(shape, limit + 1)) != {}
    small = Limits(max_depth=3)
    parse_text(nested(shape, 3), limits=small)
    assert TOO_DEEP.replace("24", "3") in errors_of(parse_text, nested(shape, 4), limits=small).values()


def test_json_and_yaml_agree_on_the_depth_boundary() -> None:
    for levels in range(DEFAULT_LIMITS.max_depth - 2, DEFAULT_LIMITS.max_depth + 3):
        for text in ("[" * levels + "]" * levels, "[" * levels + "1" + "]" * levels,
                     '{"a":' * levels + "{}" + "}" * levels):
            yaml_ok = _accepted(parse_text, text)
            json_ok = _accepted(parse_json, text)
            assert yaml_ok == json_ok, (levels, text)


def _accepted(parse: Any, text: str) -> bool:
    try:
        parse(text)
    except InputError:
        return False
    return True


def test_a_file_of_nesting_up_to_the_size_limit_is_refused_by_depth(tmp_path: Path) -> None:
    for name, text in [("lists.yaml", "[" * DEFAULT_LIMITS.max_bytes),
                       ("mappings.json", '{"a":' * (DEFAULT_LIMITS.max_bytes // 5))]:
        path = tmp_path / name
        path.write_text(text, "utf-8")
        assert list(errors_of(read_file, path).values()) == [TOO_DEEP]
    over = tmp_path / "over.yaml"
    over.write_text("[" * (DEFAULT_LIMITS.max_bytes + 1), "utf-8")
    assert list(errors_of(read_file, over).values()) == [f"file is larger than {DEFAULT_LIMITS.max_bytes} bytes"]


def test_brackets_inside_json_strings_do_not_count_as_nesting() -> None:
    deep_looking = json.dumps({"a": "[" * 5000, "b": "\\\"[{" * 100})
    assert json_nesting_error(deep_looking) is None
    assert parse_json(deep_looking)["a"] == "[" * 5000
    error = json_nesting_error('{"a": "]]]]",\n "b": ' + "[" * 30 + "]" * 30 + "}")
    assert error is not None and error.message == TOO_DEEP and error.line == 2


def test_the_depth_setting_is_itself_bounded() -> None:
    # A depth in the thousands would let the composer recurse into a RecursionError again.
    with pytest.raises(ValueError, match="max_depth"):
        Limits(max_depth=10_000)
    with pytest.raises(ValueError, match="max_items"):
        Limits(max_items=0)
    assert Limits(max_depth=200).max_depth == 200


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("levels", [500, 100_000])
def test_every_command_that_reads_a_file_refuses_deep_nesting_with_exit_2(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, levels: int) -> None:
    deep = tmp_path / "deep.yaml"
    deep.write_text(nested("flow list", levels), "utf-8")
    profile = tmp_path / "deep-profile.yaml"
    profile.write_text("name: x\nrules: " + nested("flow mapping", levels), "utf-8")
    good = str(EXAMPLES / "beijing-enterprise.yaml")
    commands = [
        ["check", str(deep)], ["documents", str(deep)], ["change", str(deep), "--to", "individual"],
        ["transfer", good, "--original", str(deep)], ["policy", "lint", str(deep)], ["policy", "lint", str(profile)],
        ["check", good, "--profile", str(profile)],
    ]
    for argv in commands:
        code, _, err = run(capsys, *argv)
        assert code == 2, argv
        assert TOO_DEEP in err, argv
        assert "Traceback" not in err and "RecursionError" not in err, argv


def test_deep_nesting_through_the_cli_process_has_no_traceback(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text(nested("json", 100_000), "utf-8")
    result = subprocess.run([sys.executable, "-m", "icp_core.cli", "check", str(deep)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "a.a.a" in result.stderr and TOO_DEEP in result.stderr
    assert "Traceback" not in result.stderr


# --------------------------------------------------------------------------- numbers, keys, text


@pytest.mark.parametrize(("text", "path"), [
    ('{"a": 1e999}', "a"), ('{"a": -1e999}', "a"), ('{"a": [1, ' + "9" * 5000 + "]}", "a[1]"),
    ('{"a": 9223372036854775808}', "a"), ('{"a": {"b": 1e400}}', "a.b"),
])
def test_json_numbers_out_of_range_are_refused_by_path(text: str, path: str) -> None:
    assert errors_of(parse_json, text) == {path: "number out of range"}


def test_json_numbers_in_range_are_read() -> None:
    assert parse_json('{"a": 9223372036854775807, "b": -1.5e18, "c": 0, "d": 1e-300}') == {
        "a": 2**63 - 1, "b": -1.5e18, "c": 0, "d": 1e-300}
    assert errors_of(parse_json, '{"a": 1e300}') == {"a": "number out of range"}  # finite, and still absurd


@pytest.mark.parametrize("text", ["a: 1e999", "a: .inf", "a: -.inf", "a: .nan", "a: 0x" + "f" * 3000,
                                  "a: 99999999999999999999"])
def test_yaml_numbers_out_of_range_are_refused_by_path(text: str) -> None:
    assert errors_of(parse_text, text) == {"a": "number out of range"}


def test_a_number_given_as_text_is_bounded_too() -> None:
    data = merge(filing_data(), {"instances": [{"id": "i-1", "type": "ecs", "order_amount_cny": "1e999999"}]})
    assert errors_of(load_filing, data) == {"instances[0].order_amount_cny": "number out of range"}


def test_numbers_out_of_range_in_a_mapping_are_refused_however_it_was_parsed() -> None:
    # json.loads (the service's parser, or a caller's) reads 1e999 as infinity.
    infinity = json.loads("1e999")
    data = merge(filing_data(), {"instances": [{"id": "i-1", "type": "ecs", "public_bandwidth_mbps": infinity,
                                                "subscription_months": 2**70}]})
    assert errors_of(load_filing, data) == {"instances[0].public_bandwidth_mbps": "number out of range",
                                            "instances[0].subscription_months": "number out of range"}
    fine = merge(filing_data(), {"instances": [{"id": "i-1", "type": "ecs", "public_bandwidth_mbps": 100.5,
                                                "subscription_months": 12}]})
    assert load_filing(fine).instances[0].public_bandwidth_mbps == 100.5


def test_json_constants_duplicate_keys_and_lone_surrogates_are_refused_by_path() -> None:
    assert errors_of(parse_json, '{"a": NaN, "b": [Infinity]}') == {"a": "NaN is not a JSON number",
                                                                   "b[0]": "Infinity is not a JSON number"}
    assert errors_of(parse_json, '{"w": [{"name": "x", "name": "y"}]}') == {"w[0].name": "duplicate key"}
    assert errors_of(parse_json, '{"a": "\\ud800"}') == {"a": "not valid Unicode (a lone surrogate)"}
    # The key is named by its escape: output is UTF-8, and "k?" would name no key at all.
    assert errors_of(parse_json, '{"k\\udc00": 1}') == {"k\\udc00": "not valid Unicode (a lone surrogate)"}
    assert errors_of(parse_text, 'a: "\\ud800"') == {"a": "not valid Unicode (a lone surrogate)"}
    assert parse_json('{"a": "\\ud83d\\ude00"}') == {"a": "\U0001f600"}  # a pair is a character


# --------------------------------------------------------------------------- class 4: bounded filings


def with_domains(count: int, websites: int = 1) -> dict[str, Any]:
    data = filing_data()
    website = data["websites"][0]
    data["websites"] = [dict(website, domains=[{"name": f"a{w}x{i}.cn"} for i in range(count)])
                        for w in range(websites)]
    return data


@pytest.mark.parametrize(("data", "expected"), [
    (lambda: with_domains(100_000), {"websites[0].domains": "more than 100 items"}),
    (lambda: with_domains(1, websites=101), {"websites": "more than 100 items"}),
    (lambda: with_domains(100, websites=11), {"websites[10].domains": "more than 1000 domains in one filing"}),
    (lambda: merge(filing_data(), {"instances": [{"id": f"i-{n}", "type": "ecs"} for n in range(201)]}),
     {"instances": "more than 200 items"}),
    (lambda: merge(filing_data(), {"documents": [f"d{n}" for n in range(201)]}), {"documents": "more than 200 items"}),
    (lambda: merge(filing_data(), {"subject": {"domains_on_record": ["a.cn"] * 1001}}),
     {"subject.domains_on_record": "more than 1000 items"}),
    (lambda: merge(filing_data(), {f"k{n}": n for n in range(60_000)}),
     {"": "more than 50000 values (aliases count as they expand)"}),
])
def test_what_one_filing_may_hold_is_bounded_before_it_is_structured(data: Any, expected: dict[str, str]) -> None:
    assert errors_of(load_filing, data()) == expected


def test_filings_at_the_bounds_load_and_the_bounds_are_configurable() -> None:
    assert len(load_filing(with_domains(100)).websites[0].domains) == 100
    assert len(load_filing(with_domains(100, websites=10)).websites) == 10
    roomy = Limits(max_domains_per_website=500)
    assert len(load_filing(with_domains(500), limits=roomy).websites[0].domains) == 500
    assert errors_of(load_filing, with_domains(3), limits=Limits(max_domains_per_website=2)) == {
        "websites[0].domains": "more than 2 items"}


def test_deep_nesting_in_a_python_mapping_is_an_input_error() -> None:
    data: dict[str, Any] = merge(filing_data(), {})
    inner: dict[str, Any] = data
    for _ in range(5000):
        inner["x"] = {}
        inner = inner["x"]
    assert errors_of(load_filing, data) == {"x" + ".x" * 23: TOO_DEEP}
    looped: dict[str, Any] = filing_data()
    looped["x"] = looped  # a cycle is refused by its depth, not followed forever
    assert set(errors_of(load_filing, looped).values()) == {TOO_DEEP}


def test_a_device_or_pipe_is_read_only_up_to_the_size_limit(tmp_path: Path) -> None:
    if Path("/dev/zero").exists():
        assert errors_of(read_file, "/dev/zero") == {"": f"file is larger than {DEFAULT_LIMITS.max_bytes} bytes"}
    exact = tmp_path / "exact.yaml"
    exact.write_text("a: 12345", "utf-8")
    assert read_file(exact, limits=Limits(max_bytes=8))[0] == {"a": 12345}
    assert errors_of(read_file, exact, limits=Limits(max_bytes=7)) == {"": "file is larger than 7 bytes"}


def test_icp_check_dev_zero_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    # An endless device reports size 0: the bytes read are what is counted (Linux, as CI).
    code, _, err = run(capsys, "check", "/dev/zero")
    assert code == 2 and "file is larger than" in err


# --------------------------------------------------------------------------- class 2: batch lines


def good_line() -> str:
    return json.dumps(read_file(EXAMPLES / "beijing-individual.yaml")[0], default=str, ensure_ascii=False)


def hostile_lines() -> list[tuple[str, str]]:
    """(line, what its answer must be) — every kind of line that once took a batch down."""
    good = good_line()
    return [
        (good, "pass"),
        ('{"a":' * 100_000 + "1" + "}" * 100_000, "nested"),
        ("[" * 100_000, "nested"),
        ('{"province": ' + "9" * 5000 + "}", "number out of range"),
        ('{"province": "beijing", "evaluated_on": 1e999}', "number out of range"),
        ('{"province": "beijing", "province": "tianjin"}', "duplicate key"),
        (json.dumps({"province": "beijing", ID_NUMBER: 1, PHONE: 2}), "unknown key"),
        ('{"province": NaN}', "not a JSON number"),
        ('"examples/beijing-enterprise.yaml"', "expected a mapping"),
        ("{not json", "not valid JSON"),
        (good, "pass"),
    ]


def answers(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines()]


def check_answers(found: list[dict[str, Any]], expected: list[tuple[str, str]]) -> None:
    assert [a["line"] for a in found] == list(range(1, len(expected) + 1))
    for answer, (_, what) in zip(found, expected, strict=True):
        if what == "pass":
            assert answer["verdict"] == "pass"
        else:
            assert answer["error"] == "input", answer
            assert any(what in e["message"] for e in answer["errors"]), (what, answer)


def test_every_hostile_batch_line_is_answered_in_order(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    lines = hostile_lines()
    path = tmp_path / "hostile.jsonl"
    path.write_text("\n".join(text for text, _ in lines) + "\n", "utf-8")
    code, out, err = run(capsys, "check", "--batch", str(path), "--processes", "1")
    assert code == 1 and "Traceback" not in err
    check_answers(answers(out), lines)
    assert ID_NUMBER not in out and PHONE not in out  # keys that are personal numbers are masked in paths


def test_a_hostile_batch_is_answered_in_order_by_several_processes(tmp_path: Path) -> None:
    lines = hostile_lines() * 30  # several chunks, spread over the workers
    path = tmp_path / "hostile.jsonl"
    path.write_text("\n".join(text for text, _ in lines) + "\n", "utf-8")
    result = subprocess.run([sys.executable, "-m", "icp_core.cli", "check", "--batch", str(path), "--processes", "2"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    check_answers(answers(result.stdout), lines)


def test_over_long_and_non_utf8_lines_are_answered_and_skipped(capsys: pytest.CaptureFixture[str],
                                                                 tmp_path: Path) -> None:
    good = good_line().encode("utf-8")
    path = tmp_path / "long.jsonl"
    path.write_bytes(b"\n".join([good, b"x" * 3_000_000, b"\xff\xfe{}", good, b" " * 5000, good]) + b"\n"
                     + b"[" * 2_000_000)  # the last line has no end at all
    code, out, _ = run(capsys, "check", "--batch", str(path), "--processes", "1", "--max-line-bytes", "100000")
    found = answers(out)
    assert [a["line"] for a in found] == [1, 2, 3, 4, 6, 7]  # the blank line 5 is skipped, as before
    assert [a.get("verdict") or a["errors"][0]["message"] for a in found] == [
        "pass", "line longer than 100000 bytes", "not UTF-8 (byte 0)", "pass", "pass",
        "line longer than 100000 bytes"]
    assert code == 1


def test_the_line_limit_is_the_size_limit_of_a_line_either_way(capsys: pytest.CaptureFixture[str],
                                                              tmp_path: Path) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text(good_line() + "\n", "utf-8")
    assert answers(run(capsys, "check", "--batch", str(path), "--processes", "1",
                       "--max-line-bytes", "100")[1])[0]["errors"][0]["message"] == "line longer than 100 bytes"
    code, _, err = run_usage(capsys, "check", "--batch", str(path), "--max-line-bytes", "0")
    assert code == 2 and "--max-line-bytes" in err


def run_usage(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as caught:
        main(list(argv))
    out, err = capsys.readouterr()
    return int(caught.value.code or 0), out, err


def test_a_line_that_meets_a_bug_is_answered_and_the_batch_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    options = batch.line_options(hook_timeout=None)
    batch._init_worker(options)

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError(f"boom for {ID_NUMBER}")

    monkeypatch.setattr(options.engine(), "check", broken)
    found = [json.loads(text) for _, text, *_ in batch._check_chunk([(1, good_line(), None), (2, good_line(), None)])]
    assert [a["line"] for a in found] == [1, 2]
    assert all(a["error"] == "internal" and "RuntimeError: boom" in a["message"] for a in found)
    assert ID_NUMBER not in json.dumps(found)


# --------------------------------------------------------------------------- property: any line, any batch

PROPERTY_OPTIONS = batch.line_options(hook_timeout=None, on=dt.date(2026, 12, 1))


def _worker() -> None:
    if batch._worker_options != PROPERTY_OPTIONS:  # other tests run the batch with their own options
        batch._init_worker(PROPERTY_OPTIONS)


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
                    st.sampled_from(["beijing", "enterprise", "2026-01-01", ID_NUMBER, PHONE]))
json_like = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                          st.dictionaries(st.text(max_size=12), inner, max_size=4)),
                         max_leaves=25)
filings = st.builds(lambda province, changes: merge(filing_data(province), changes),
                    st.sampled_from(["beijing", "tianjin", "guangdong"]), st.dictionaries(
                        st.sampled_from(["province", "subject", "websites", "instances", "documents", "evaluated_on",
                                         "extra"]), json_like, max_size=3))
hostile_text = st.one_of(
    st.text(max_size=200),
    st.builds(lambda n, open_, inner: open_ * n + inner, st.integers(0, 3000), st.sampled_from(["[", '{"a":']),
              st.sampled_from(["", "1", "]", "}"])),
    st.builds(lambda digits, exp: f'{{"a": {digits}e{exp}}}', st.text("0123456789", min_size=1, max_size=40),
              st.integers(-2000, 2000)),
    st.builds(lambda n: '{"a": ' + "7" * n + "}", st.integers(1, 6000)),
    st.text(max_size=10).map(lambda key: f'{{"province": "beijing", {json.dumps(key)}: 1, {json.dumps(key)}: 2}}'),
    json_like.map(lambda value: json.dumps(value, ensure_ascii=False)),
    filings.map(lambda value: json.dumps(value, ensure_ascii=False, default=str)),
)


@given(st.lists(hostile_text, min_size=1, max_size=4))
def test_any_batch_lines_get_one_answer_each_in_order(texts: list[str]) -> None:
    _worker()
    lines = [(number, text, None) for number, text in enumerate(texts, start=1)]
    found = [json.loads(text) for _, text, *_ in batch._check_chunk(lines)]
    assert [a["line"] for a in found] == list(range(1, len(texts) + 1))
    for answer in found:
        assert "verdict" in answer or answer["error"] == "input", answer  # never "internal": that is a bug
        if "errors" in answer:
            assert all(isinstance(e["path"], str) and e["message"] for e in answer["errors"])


@given(st.lists(st.binary(max_size=60), min_size=1, max_size=6))
def test_any_bytes_as_batch_lines_are_read_without_losing_a_line(raw_lines: list[bytes]) -> None:
    import tempfile

    _worker()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "lines.jsonl"
        path.write_bytes(b"\n".join(raw_lines))
        read = [line for chunk in streaming.chunks(path, 40) for line in chunk]
        found = [json.loads(text) for chunk in streaming.chunks(path, 40)
                 for _, text, *_ in batch._check_chunk(chunk)]
    contents = b"\n".join(raw_lines).split(b"\n")
    if contents[-1] == b"":
        contents.pop()  # the file ends with a newline (or is empty): no line after it
    expected = [n for n, content in enumerate(contents, start=1) if len(content) > 40 or content.strip()]
    assert [number for number, _, _ in read] == expected
    assert [a["line"] for a in found] == expected


def test_the_fuzz_profile_is_documented() -> None:
    root = Path(__file__).resolve().parents[1]
    assert "tests/test_hostile_input.py" in (root / "docs" / "developing-the-core.md").read_text("utf-8")
    assert "(docs/developing-the-core.md)" in (root / "CONTRIBUTING.md").read_text("utf-8")


# --------------------------------------------------------------------------- the same bounds over HTTP


def test_the_content_limits_hold_over_http() -> None:
    pytest.importorskip("starlette")
    from starlette.testclient import TestClient

    from icp_core.engine import Engine
    from icp_core.server import create_app

    with TestClient(create_app(Engine.from_entry_points(["icp-province-beijing"]))) as client:
        def post(data: Any) -> Any:
            return client.post("/v1/check?on=2026-12-01", content=json.dumps(data).encode())

        body = json.dumps(merge(filing_data(), {"instances": [{"id": "i-1", "type": "ecs",
                                                               "public_bandwidth_mbps": 12345.5}]}))
        infinite = client.post("/v1/check?on=2026-12-01", content=body.replace("12345.5", "1e999").encode())
        assert infinite.status_code == 422  # json.loads reads it as infinity: refused at structuring
        assert infinite.json()["errors"][0]["path"] == "instances[0].public_bandwidth_mbps"
        many = post(with_domains(20_000))
        assert many.status_code == 422
        assert many.json()["errors"] == [{"path": "websites[0].domains", "code": "too_many_items",
                                          "message": "more than 100 items", "line": None, "column": None}]
        deep = client.post("/v1/check", content=nested("json", 500).encode())
        assert deep.status_code in (400, 422) and "nested" in deep.text
        assert post(filing_data()).status_code == 200


def test_a_batch_file_that_cannot_be_read_is_a_usage_error(capsys: pytest.CaptureFixture[str],
                                                           tmp_path: Path) -> None:
    code, out, err = run(capsys, "check", "--batch", str(tmp_path / "missing.jsonl"))
    assert code == 2 and out == "" and "cannot read file" in err and "Traceback" not in err
