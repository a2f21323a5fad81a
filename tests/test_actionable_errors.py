"""Every input error says how to fix it, and points at the value it is about (issue 13).

These run ``icp`` in a subprocess, as a user at a terminal meets it: exit code 2, one
line per problem, no traceback.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from icp_core.provinces import Province

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "beijing-enterprise.yaml"


def icp(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "icp_core.cli", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=120, check=False)


def example_with(tmp_path: Path, *replacements: tuple[str, str]) -> Path:
    text = EXAMPLE.read_text("utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "filing.yaml"
    path.write_text(text, "utf-8")
    return path


def errors(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return [line.strip() for line in result.stderr.splitlines()[1:]]


def test_an_unknown_key_suggests_the_field_meant(tmp_path: Path) -> None:
    filing = example_with(tmp_path, ("  mailing_address:", "  mailing_adress:"))
    assert errors(icp("check", str(filing))) == [
        "subject.mailing_adress (line 9, column 3): unknown key: did you mean mailing_address?"]


def test_an_unknown_key_with_nothing_near_lists_the_fields_accepted_there(tmp_path: Path) -> None:
    filing = example_with(tmp_path, ("    registrar: 阿里云计算有限公司（万网）\n", "    colour: blue\n", ))
    (first, second) = errors(icp("check", str(filing)))
    assert first.startswith("websites[0].domains[0].colour (line 33, column 9): unknown key; accepted here: name, ")
    assert "expires_on" in first and second.startswith("websites[0].domains[1].colour")


def test_an_unquoted_id_number_says_to_quote_it(tmp_path: Path) -> None:
    filing = example_with(tmp_path, ('    mobile: "13900093344"', "    mobile: 13900093344"))
    (line,) = errors(icp("check", str(filing)))
    assert line == "subject.administrator.mobile (line 18, column 13): expected text, got int: put the value in quotes"
    assert "13900093344" not in line  # nor is the number shown


@pytest.mark.parametrize("abbreviation, province", [
    ("京", "beijing"), ("津", "tianjin"), ("冀", "hebei"), ("晋", "shanxi"), ("蒙", "neimenggu"), ("辽", "liaoning"),
    ("吉", "jilin"), ("黑", "heilongjiang"), ("沪", "shanghai"), ("苏", "jiangsu"), ("浙", "zhejiang"),
    ("皖", "anhui"), ("闽", "fujian"), ("赣", "jiangxi"), ("鲁", "shandong"), ("豫", "henan"), ("鄂", "hubei"),
    ("湘", "hunan"), ("粤", "guangdong"), ("桂", "guangxi"), ("琼", "hainan"), ("渝", "chongqing"),
    ("川", "sichuan"), ("蜀", "sichuan"), ("贵", "guizhou"), ("黔", "guizhou"), ("云", "yunnan"), ("滇", "yunnan"),
    ("藏", "xizang"), ("陕", "shaanxi"), ("甘", "gansu"), ("陇", "gansu"), ("青", "qinghai"), ("宁", "ningxia"),
    ("新", "xinjiang"),
])
def test_the_one_character_abbreviations_of_icp_numbers_name_their_province(abbreviation: str,
                                                                           province: str) -> None:
    assert Province.parse(abbreviation) is Province(province)
    assert abbreviation in Province(province).abbreviations


def test_every_province_has_an_abbreviation_and_none_is_shared() -> None:
    firsts = [p.abbreviations[0] for p in Province]
    every = [a for p in Province for a in p.abbreviations]
    assert len(firsts) == 31 and len(set(every)) == len(every)


def test_a_filing_may_name_its_province_by_abbreviation(tmp_path: Path) -> None:
    filing = example_with(tmp_path, ("province: 北京 ", "province: 京 "))
    result = icp("check", str(filing), "--format", "json", "--allow", "icp-national,icp-province-beijing")
    assert result.returncode in (0, 1), result.stderr
    assert json.loads(result.stdout)["province"] == "beijing"


def test_an_unknown_province_lists_what_is_accepted(tmp_path: Path) -> None:
    filing = example_with(tmp_path, ("province: 北京 ", "province: guandong "))
    (line,) = errors(icp("check", str(filing)))
    assert line.startswith("province (line 2, column 11): unknown province 'guandong': did you mean guangdong")
    assert "abbreviation (京)" in line and "keys: beijing, tianjin," in line and line.endswith("xinjiang")


def test_a_day_that_does_not_exist_hides_no_other_error(tmp_path: Path) -> None:
    filing = example_with(tmp_path, ("    expires_on: 2028-10-08\n      - name: www", "    expires_on: 2028-13-08\n"
                                     "      - name: www"), ("  type: enterprise", "  type: company"))
    assert errors(icp("check", str(filing))) == [
        "subject.type (line 5, column 9): 'company' is not one of: enterprise, individual",
        "websites[0].domains[0].expires_on (line 40, column 21): expected a date as YYYY-MM-DD: there is no month 13",
    ]


def test_dates_that_do_not_exist_are_named_in_words(tmp_path: Path) -> None:
    filing = example_with(tmp_path, ("    expires_on: 2028-10-08\n      - name: www", "    expires_on: 08/10/2028\n"
                                     "      - name: www"), ("    expires_on: 2028-10-08\n    hosting",
                                                              "    expires_on: 2027-02-29\n    hosting"))
    assert errors(icp("check", str(filing))) == [
        "websites[0].domains[0].expires_on (line 40, column 21): expected a date as YYYY-MM-DD, got '08/10/2028'",
        "websites[0].domains[1].expires_on (line 49, column 21): expected a date as YYYY-MM-DD: "
        "month 2 of 2027 has no day 29",
    ]
    zh = errors(icp("check", str(filing), "--lang", "zh"))
    assert zh[1].endswith("应为日期（YYYY-MM-DD）：2027 年 2 月没有 29 日")


def test_errors_in_chinese_say_the_same(tmp_path: Path) -> None:
    filing = example_with(tmp_path, ("  mailing_address:", "  mailing_adress:"),
                          ('    mobile: "13900093344"', "    mobile: 13900093344"))
    assert errors(icp("check", str(filing), "--lang", "zh")) == [
        "subject.mailing_adress（第9行，第3列）: 未知字段：是否应为 mailing_address？",
        "subject.administrator.mobile（第18行，第13列）: 应为文本，实际为整数：请给该值加上引号",
    ]


def test_policy_lint_locates_a_problem_inside_a_change_cell(tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        "scope: province.hebei\nsection: '5.3.2'\nrules:\n  - id: hebei.change\n    kind: change_matrix\n"
        "    changes:\n      individual_to_enterprise:\n        outcome: conditional\n        alternatives:\n"
        "          - require: [names_related]\n            documents: [certificate_of_change]\n", "utf-8")
    result = icp("policy", "lint", str(policy))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip() == (f"{policy}:10:13: rules[0].changes.individual_to_enterprise.alternatives[0]"
                                     ".require: unknown key: did you mean requires?")
