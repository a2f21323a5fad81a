"""Property tests: whatever arrives, the engine answers with a report or the project's own
input error — nothing else — and the same input always gives the same report."""

from __future__ import annotations

import datetime as dt
import json
import string
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from icp_core.convert import Limits, parse_text
from icp_core.errors import InputError, PolicyError
from icp_core.loading import load_filing
from icp_core.policy import compile_policy
from icp_core.testing import filing_data, installed_engine, merge, resident_id

ENGINE = installed_engine()
PROVINCES = ["beijing", "tianjin", "hebei", "guangdong", "xizang"]

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10, 10**12), st.floats(allow_nan=True),
                    st.text(max_size=30), st.sampled_from(["2026-01-01", "2099-12-31", "1899-01-01", "enterprise",
                                                           "individual", "beijing", "北京", "xn--zz", "例子.中国"]))
json_values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                            st.dictionaries(st.text(max_size=12), inner, max_size=4)),
                           max_leaves=20)

id_numbers = st.one_of(st.builds(resident_id, st.sampled_from(PROVINCES),
                                 st.dates(dt.date(1900, 1, 1), dt.date(2030, 12, 31)).map(
                                     lambda d: d.strftime("%Y%m%d")),
                                 st.integers(0, 999).map(lambda n: f"{n:03d}")),
                       st.text(alphabet=string.digits + "X", min_size=15, max_size=19))
domain_names = st.one_of(st.sampled_from(["example.com.cn", "例子.中国", "xn--fsqu00a.xn--fiqs8s", "a.gov.cn",
                                          "pаypal.com", "xn--zz.cn", "com.cn", "-bad-.cn", "a..cn"]),
                         st.from_regex(r"[a-z0-9-]{1,20}\.(cn|com|net|com\.cn)", fullmatch=True))


@st.composite
def filings(draw: st.DrawFn) -> dict[str, Any]:
    """Valid filings with realistic variation: types, provinces, IDs, phones, domains."""
    province = draw(st.sampled_from(PROVINCES))
    data = filing_data(province, draw(st.sampled_from(["enterprise", "individual"])))
    admin = {"id_number": draw(id_numbers), "mobile": draw(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)),
             "is_legal_representative": draw(st.one_of(st.none(), st.booleans()))}
    domains = [merge(data["websites"][0]["domains"][0], {"name": name, "privacy_protection": draw(st.booleans())})
               for name in draw(st.lists(domain_names, min_size=1, max_size=4))]
    industries = draw(st.lists(st.sampled_from(["news", "finance", "education"]), max_size=2))
    website = merge(data["websites"][0], {"domains": domains, "industries": industries})
    return merge(data, {"subject": {"administrator": admin}, "websites": [website]})


@st.composite
def corrupted(draw: st.DrawFn) -> Any:
    """A valid filing with one part replaced by arbitrary JSON."""
    data = draw(filings())
    path = draw(st.sampled_from([("province",), ("subject",), ("subject", "type"), ("subject", "administrator"),
                                 ("websites",), ("websites", 0), ("websites", 0, "domains"), ("instances",),
                                 ("documents",), ("evaluated_on",), ("extra",)]))
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = draw(json_values)
    return data


@given(filings())
def test_valid_filings_get_a_report_and_the_same_one_every_time(data: dict[str, Any]) -> None:
    try:
        filing = load_filing(data)
    except InputError:
        return  # e.g. a generated ID number that is not a valid date: reported, not crashed
    first, second = ENGINE.check(filing), ENGINE.check(load_filing(json.loads(json.dumps(data))))
    assert first == second
    assert list(first.findings) == sorted(first.findings, key=lambda f: f.sort_key())
    assert first.verdict.value in {"pass", "fail", "incomplete", "not_covered"}


@given(corrupted())
def test_corrupted_filings_give_a_report_or_an_input_error_only(data: Any) -> None:
    try:
        filing = load_filing(data)
        ENGINE.check(filing)  # an InputError here too: e.g. no evaluation day given
        ENGINE.documents(filing)
    except InputError as error:
        assert error.errors and all(isinstance(e.path, str) for e in error.errors)


@given(st.text(max_size=400))
def test_any_text_parses_or_is_an_input_error(text: str) -> None:
    try:
        parse_text(text, limits=Limits(max_nodes=2000))
    except InputError:
        pass


@given(st.binary(max_size=300))
def test_any_bytes_as_a_file_load_or_fail_cleanly(raw: bytes) -> None:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "filing.yaml"
        path.write_bytes(raw)
        try:
            load_filing(path)
        except InputError:
            pass


@given(json_values)
def test_any_policy_data_compiles_or_is_a_policy_error(data: Any) -> None:
    try:
        compile_policy(data, source="fuzz.yaml")
    except (PolicyError, InputError):
        pass


@given(st.lists(st.fixed_dictionaries({"id": st.from_regex(r"p\.[a-z]{1,8}", fullmatch=True),
                                       "kind": st.sampled_from(["minimum_age", "legal_representative", "local_mobile",
                                                                "domain_holder", "change_matrix", "website_name"]),
                                       "who": st.just(["subject_administrator"]),
                                       "min_age": st.one_of(st.integers(-5, 200), st.text(max_size=3))}),
                max_size=3))
def test_generated_rules_compile_or_are_refused_with_a_policy_error(rules: list[dict[str, Any]]) -> None:
    try:
        compile_policy({"scope": "province.beijing", "section": "5.3.1", "rules": rules}, source="fuzz.yaml")
    except PolicyError:
        pass
