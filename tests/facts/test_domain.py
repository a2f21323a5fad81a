"""Domain names: IDNA 2008, public suffix split, subdomains, script mixing."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from icp_core.errors import FactError
from icp_core.facts import domain as domain_module
from icp_core.facts.domain import DomainName, is_subdomain_of, parse_domain


def error_code(value: str) -> str:
    with pytest.raises(FactError) as info:
        parse_domain(value)
    return info.value.code


def test_plain_name() -> None:
    assert parse_domain("Example.COM.cn.") == DomainName(
        ascii="example.com.cn",
        unicode="example.com.cn",
        suffix="com.cn",
        registrable="example.com.cn",
        prefix="example",
        subdomain="",
    )


def test_idn_and_punycode_round_trip() -> None:
    from_unicode = parse_domain("例子.中国")
    from_ascii = parse_domain("xn--fsqu00a.xn--fiqs8s")
    assert from_unicode == from_ascii
    assert from_unicode.ascii == "xn--fsqu00a.xn--fiqs8s"
    assert from_unicode.unicode == "例子.中国"
    assert from_unicode.suffix == "xn--fiqs8s"
    assert from_unicode.prefix == "例子"
    assert parse_domain(from_unicode.unicode).ascii == from_unicode.ascii
    assert parse_domain(from_ascii.ascii).unicode == from_ascii.unicode


def test_uppercase_a_label_and_ideographic_full_stop() -> None:
    assert parse_domain("XN--FSQU00A.XN--55QX5D").unicode == "例子.公司"
    assert parse_domain("例子。网络").ascii == "xn--fsqu00a.xn--io0a7i"
    assert parse_domain("ＥＸＡＭＰＬＥ．ｃｎ").ascii == "example.cn"


@pytest.mark.parametrize(
    ("name", "suffix", "registrable", "prefix"),
    [
        ("www.example.com.cn", "com.cn", "example.com.cn", "example"),
        ("example.gov.cn", "gov.cn", "example.gov.cn", "example"),
        ("example.net.cn", "net.cn", "example.net.cn", "example"),
        ("example.org.cn", "org.cn", "example.org.cn", "example"),
        ("lab.example.ac.cn", "ac.cn", "example.ac.cn", "example"),
        ("example.cn", "cn", "example.cn", "example"),
        ("example.bj.cn", "bj.cn", "example.bj.cn", "example"),
        ("例子.中国", "xn--fiqs8s", "xn--fsqu00a.xn--fiqs8s", "例子"),
        ("例子.公司", "xn--55qx5d", "xn--fsqu00a.xn--55qx5d", "例子"),
        ("例子.网络", "xn--io0a7i", "xn--fsqu00a.xn--io0a7i", "例子"),
        ("shop.例子abc.cn", "cn", "xn--abc-uc0e315c.cn", "例子abc"),
        ("example.co.uk", "co.uk", "example.co.uk", "example"),
        ("example.unknowntld", "unknowntld", "example.unknowntld", "example"),
    ],
)
def test_suffix_split(name: str, suffix: str, registrable: str, prefix: str) -> None:
    parsed = parse_domain(name)
    assert (parsed.suffix, parsed.registrable, parsed.prefix) == (
        suffix,
        registrable,
        prefix,
    )


def test_private_suffixes_do_not_count() -> None:
    # github.io and the amazonaws.com.cn names are in the list's PRIVATE section
    parsed = parse_domain("user.github.io")
    assert (parsed.suffix, parsed.registrable, parsed.subdomain) == (
        "io",
        "github.io",
        "user",
    )
    cloud = parse_domain("bucket.s3.cn-north-1.amazonaws.com.cn")
    assert cloud.registrable == "amazonaws.com.cn"
    assert cloud.subdomain == "bucket.s3.cn-north-1"


def test_subdomains() -> None:
    bare = parse_domain("example.com.cn")
    www = parse_domain("www.example.com.cn")
    deep = parse_domain("www.blog.example.com.cn")
    idn = parse_domain("www.例子.中国")
    assert (bare.subdomain, bare.is_subdomain, bare.is_www) == ("", False, False)
    assert (www.subdomain, www.is_subdomain, www.is_www) == ("www", True, True)
    assert (deep.subdomain, deep.is_subdomain, deep.is_www) == ("www.blog", True, False)
    assert (idn.subdomain, idn.is_www, idn.unicode) == ("www", True, "www.例子.中国")
    assert idn.registrable == "xn--fsqu00a.xn--fiqs8s"


def test_is_subdomain_of() -> None:
    parent = parse_domain("example.com.cn")
    assert is_subdomain_of(parse_domain("www.example.com.cn"), parent)
    assert is_subdomain_of(parse_domain("a.b.EXAMPLE.com.cn"), parent)
    assert not is_subdomain_of(parent, parent)
    assert not is_subdomain_of(parse_domain("badexample.com.cn"), parent)
    assert not is_subdomain_of(parse_domain("example.com"), parent)
    assert is_subdomain_of(
        parse_domain("www.例子.中国"), parse_domain("xn--fsqu00a.xn--fiqs8s")
    )


@pytest.mark.parametrize(
    "name",
    [
        "pаypal.com",  # Cyrillic а among Latin letters
        "xn--pypal-4ve.com",  # the same in A-label form
        "gοogle.com",  # Greek omicron among Latin letters
        "аβ.cn",  # Cyrillic + Greek
    ],
)
def test_mixed_script(name: str) -> None:
    assert error_code(name) == "mixed_script"


@pytest.mark.parametrize(
    "name",
    ["例子abc.cn", "abc例子123.com.cn", "пример.рф", "παράδειγμα.gr", "例子-пример.cn"],
)
def test_single_script_or_han_mix_is_allowed(name: str) -> None:
    parse_domain(name)


@pytest.mark.parametrize(
    "name",
    [
        "xn--zz",  # invalid punycode
        "xn--zz.com",
        "xn--abc-.com",
        "xn--ls8h.com",  # an emoji: disallowed by IDNA 2008
        "xn--abc.com",  # decodes to control characters
        "ex_ample.com",
        "-example.com",
        "example-.com",
        "ab--cd.com",
        "http://example.com",
        "exa mple.com",
        "1.2.3.4",
        "☃.com",
    ],
)
def test_idna(name: str) -> None:
    assert error_code(name) == "idna"


@pytest.mark.parametrize(
    "name",
    [
        "",
        "   ",
        ".",
        "a..com",
        ".example.com",
        "a" * 64 + ".com",
        "例" * 60 + ".cn",
        ("a" * 63 + ".") * 3 + "a" * 59 + ".cn",
    ],
)
def test_length(name: str) -> None:
    assert error_code(name) == "length"


def test_length_limits_are_inclusive() -> None:
    assert parse_domain("a" * 63 + ".com").prefix == "a" * 63
    name = ("a" * 63 + ".") * 3 + "a" * 58 + ".cn"  # 253 characters
    assert len(name) == 253
    assert parse_domain(name).ascii == name


@pytest.mark.parametrize(
    "name",
    ["com.cn", "cn", "中国", "xn--fiqs8s", "gov.cn", "localhost", "co.uk", "com."],
)
def test_no_registrable_part(name: str) -> None:
    assert error_code(name) == "no_registrable_part"


def test_suffix_list_loaded_once_across_threads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import publicsuffixlist

    calls: list[int] = []
    real = publicsuffixlist.PublicSuffixList

    def counting(**options: bool) -> object:
        calls.append(1)
        return real(**options)

    monkeypatch.setattr(publicsuffixlist, "PublicSuffixList", counting)
    monkeypatch.setattr(domain_module, "_psl", None)
    results: list[str] = []
    barrier = threading.Barrier(8)

    def work() -> None:
        barrier.wait()
        results.append(parse_domain("www.example.com.cn").registrable)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert calls == [1]
    assert results == ["example.com.cn"] * 8


@given(st.from_regex(r"([a-zA-Z0-9]([a-zA-Z0-9-]{0,10}[a-zA-Z0-9])?\.){1,3}(cn|com|net|org|com\.cn|gov\.cn|xyz)",
                     fullmatch=True))
def test_the_plain_ascii_fast_path_agrees_with_full_idna_processing(name: str) -> None:
    from unittest import mock

    from icp_core.errors import FactError
    from icp_core.facts import domain as module

    def outcome() -> object:
        try:
            return module.parse_domain(name)
        except FactError as error:
            return error.code

    fast = outcome()
    with mock.patch.object(module, "_plain_ascii", return_value=None):
        assert outcome() == fast


def test_every_rule_of_the_bundled_list_splits_as_with_a_label_lookups() -> None:
    """The list is loaded without A-label copies of IDN rules (faster) and queried in
    U-label form: for every ICANN rule that must give the suffix an A-label lookup of
    the full list gives."""
    import os

    import idna
    import publicsuffixlist
    from publicsuffixlist import PublicSuffixList

    full = PublicSuffixList(only_icann=True)
    path = os.path.join(os.path.dirname(publicsuffixlist.__file__), "public_suffix_list.dat")
    checked = 0
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if line.startswith("// ===END ICANN"):
                break
            if not line or line.startswith("//"):
                continue
            name = "example." + line.lstrip("!").replace("*.", "x.")
            try:
                parsed = parse_domain(name)
            except FactError:
                continue
            alabels = ".".join(idna.encode(label).decode() if not label.isascii() else label
                               for label in name.split("."))
            assert parsed.suffix.count(".") == full.publicsuffix(alabels).count("."), name
            checked += 1
    assert checked > 6000


def test_the_icann_section_read_by_slicing_answers_as_the_library_finds_it() -> None:
    """``_icann_section`` cuts the ICANN part out of the text before parsing (start-up);
    the list must answer every rule of the file, private ones too, as the library's own
    ``only_icann=True`` does."""
    from publicsuffixlist import PSLFILE, PublicSuffixList

    from icp_core.facts.domain import _icann_section

    section = _icann_section(PSLFILE)
    assert section is not None
    sliced = PublicSuffixList(source=section, accept_encoded_idn=False)
    library = PublicSuffixList(only_icann=True, accept_encoded_idn=False)
    with open(PSLFILE, encoding="utf-8") as handle:
        rules = [line.split()[0] for line in handle if line.strip() and not line.startswith("//")]
    assert len(rules) > 9000  # the private section's rules are in the file (and must not count)
    for rule in rules:
        name = "example." + rule.lstrip("!").replace("*.", "x.")
        assert sliced.publicsuffix(name) == library.publicsuffix(name), rule


@pytest.mark.parametrize("text", [
    "a.cn\n",  # no markers: the library decides
    "// ===BEGIN ICANN DOMAINS===\na.cn\n// ===END ICANN DOMAINS===\n// ===BEGIN ICANN DOMAINS===\nb.cn\n",
    "// ===END ICANN DOMAINS===\na.cn\n// ===BEGIN ICANN DOMAINS===\n",
    "x // ===BEGIN ICANN DOMAINS===\na.cn\n// ===END ICANN DOMAINS===\n",
])
def test_an_unexpected_layout_of_markers_is_left_to_the_library(text: str, tmp_path: Path) -> None:
    from icp_core.facts.domain import _icann_section

    path = tmp_path / "list.dat"
    path.write_text(text, "utf-8")
    assert _icann_section(str(path)) is None


def test_the_icann_section_is_the_lines_between_the_markers(tmp_path: Path) -> None:
    from icp_core.facts.domain import _icann_section

    path = tmp_path / "list.dat"
    path.write_text("private.example\n// ===BEGIN ICANN DOMAINS===  \ncn\r\n!www.ck\n"
                    "// ===END ICANN DOMAINS===\nblogspot.com\n", "utf-8")
    assert _icann_section(str(path)) == ["cn\r", "!www.ck", ""]
