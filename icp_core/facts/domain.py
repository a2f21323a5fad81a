"""Domain names: IDNA 2008 normalization, the public suffix split and a script check.

The public suffix comes from the Public Suffix List bundled in the PyPI package
``publicsuffixlist``; the list is parsed lazily on first use, once, under a lock,
and never fetched from the network. Importing this module never imports
``publicsuffixlist``.

Only the ICANN section of the list counts. The private section names suffixes
under which companies hand out names (``github.io``, ``s3.cn-north-1.amazonaws.com.cn``);
for ICP filing the registrant of record is whoever holds the ICANN-registered name
(``github.io``, ``amazonaws.com.cn``), so ``user.github.io`` is a subdomain of
``github.io`` here, not a registrable name of its own. A top-level label that is not
on the list counts as a one-label suffix (the list's default ``*`` rule); whether a
suffix is approved for filing is a rule's business, not a fact's.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from typing import Protocol

import attrs
import idna

from icp_core.errors import FactError
from icp_core.privacy import redact_text

__all__ = ["DomainName", "is_subdomain_of", "parse_domain"]

_MAX_NAME = 253
_MAX_LABEL = 63
_SHOWN = 80  # characters of the input quoted in messages


@attrs.frozen
class DomainName:
    """A well-formed domain name split at its public suffix.

    ``subdomain`` is everything left of the registrable name, in A-label form
    (``''``, ``'www'``, ``'www.blog'``). ``is_subdomain`` is True whenever it is
    not empty, ``www`` included; ``is_www`` tells that one case apart.
    """

    ascii: str  # A-label form, lowercase, no trailing dot: "www.xn--fsqu00a.xn--fiqs8s"
    unicode: str  # U-label form: "www.例子.中国"
    suffix: str  # the public suffix, A-label form: "com.cn", "xn--fiqs8s"
    registrable: str  # A-label form: "example.com.cn"
    prefix: str  # the label left of the suffix, U-label form: "example", "例子"
    subdomain: str  # A-label form, "" when the name is the registrable name itself

    @property
    def is_subdomain(self) -> bool:
        """True when there is any label left of the registrable name, ``www`` included."""
        return self.subdomain != ""

    @property
    def is_www(self) -> bool:
        """True when the only label left of the registrable name is ``www``."""
        return self.subdomain == "www"


def is_subdomain_of(child: DomainName, parent: DomainName) -> bool:
    """True if ``child`` lies strictly below ``parent`` (a name is not its own subdomain)."""
    return child.ascii.endswith("." + parent.ascii)


class _Psl(Protocol):
    def publicsuffix(
        self, domain: str, accept_unknown: bool | None = None
    ) -> str | None: ...


_psl: _Psl | None = None
_psl_lock = threading.Lock()


def _public_suffix_list() -> _Psl:
    """Parse the bundled Public Suffix List (ICANN section) once, on first use."""
    global _psl
    psl = _psl
    if psl is None:
        with _psl_lock:
            psl = _psl
            if psl is None:
                from publicsuffixlist import PSLFILE, PublicSuffixList

                # The list file shipped inside the package, no fetch. accept_encoded_idn=False
                # skips A-label copies of every IDN rule (30 ms -> 11 ms at start-up); names are
                # looked up in U-label form instead, which gives the same suffix for every rule
                # of the list (checked by a test).
                icann = _icann_section(PSLFILE)
                if icann is None:  # markers not as expected: the library finds the section itself
                    psl = PublicSuffixList(only_icann=True, accept_encoded_idn=False)
                else:
                    psl = PublicSuffixList(source=icann, accept_encoded_idn=False)
                _psl = psl
    return psl


_ICANN_BEGIN, _ICANN_END = "// ===BEGIN ICANN DOMAINS===", "// ===END ICANN DOMAINS==="


def _icann_section(path: str) -> list[str] | None:
    """The lines between the list's ICANN markers, or ``None`` unless each marker is on a
    line of its own exactly once, in order. ``only_icann=True`` finds the same lines by
    testing every line of the file, the private section's too: slicing the text first
    parses the list in about half the time at start-up. Lines are split at ``\\n`` only,
    as reading the file in binary does."""
    with open(path, "rb") as file:
        text = file.read().decode("utf-8", "surrogateescape")
    begin, end = _marker_line(text, _ICANN_BEGIN), _marker_line(text, _ICANN_END)
    if begin is None or end is None or begin[1] >= end[0]:
        return None
    return text[begin[1] + 1:end[0]].split("\n")


def _marker_line(text: str, marker: str) -> tuple[int, int] | None:
    """Where the one line that is ``marker`` (and trailing blanks) starts and ends."""
    at = text.find(marker)
    if at < 0 or text.find(marker, at + 1) >= 0:
        return None
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    end = len(text) if end < 0 else end
    return (start, end) if text[start:end].rstrip() == marker else None


def _show(value: str) -> str:
    """The name as quoted in messages: masked by shape (before shortening, which could
    cut a number in two, and before ``repr``, whose escapes would hide a number from
    the mask), then shortened."""
    value = redact_text(value)
    return repr(value if len(value) <= _SHOWN else value[:_SHOWN] + "…")


def _alabel_length(label: str) -> int:
    if label.isascii():
        return len(label)
    return len("xn--") + len(label.encode("punycode"))


# Scripts that must not share one label: each has letters that look like the others'.
_CONFUSABLE_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")


def _scripts(label: str) -> set[str]:
    found: set[str] = set()
    for char in label:
        name = unicodedata.name(char, "")
        for script in _CONFUSABLE_SCRIPTS:
            if name.startswith(script + " "):
                found.add(script)
    return found


def parse_domain(value: str) -> DomainName:
    """Parse a domain name given in Unicode (``例子.中国``) or A-label (``xn--…``) form.

    Mapping and validation follow IDNA 2008 with UTS #46 (``idna`` package, STD3
    rules, non-transitional): case is folded, full-width characters and the ideographic
    full stop are mapped, one trailing dot is dropped.

    Failure codes: ``length`` (empty name or label, a label over 63 or a name over 253
    octets in A-label form), ``idna`` (a character or label IDNA 2008 rejects, an
    invalid ``xn--`` label, an all-numeric top-level label such as in an IP address),
    ``mixed_script`` (a label mixing Latin, Cyrillic and Greek letters; Han mixed with
    Latin is allowed), ``no_registrable_part`` (the name is a public suffix or a single
    label).
    """
    text = value.strip()
    if not text:
        raise FactError("length", "the domain name is empty", "域名为空")
    plain = _plain_ascii(text)
    if plain is not None:  # most names: no IDNA processing needed, same result, 20x faster
        return _split(text, plain, plain.split("."), plain.split("."))
    try:
        mapped = idna.uts46_remap(text, std3_rules=True, transitional=False)
    except idna.IDNAError as exc:
        raise FactError(
            "idna",
            f"domain name {_show(text)} is not a valid IDNA 2008 name: {exc}",
            f"域名 {_show(text)} 不符合IDNA 2008规范：{exc}",
        ) from None
    mapped = mapped.removesuffix(".")
    labels = mapped.split(".")
    if "" in labels:
        raise FactError(
            "length",
            f"domain name {_show(text)} has an empty label",
            f"域名 {_show(text)} 含有空标签",
        )
    alabels: list[str] = []
    ulabels: list[str] = []
    for label in labels:
        if _alabel_length(label) > _MAX_LABEL:
            raise FactError(
                "length",
                f"domain name {_show(text)} has a label longer than {_MAX_LABEL} characters"
                " in A-label form",
                f"域名 {_show(text)} 含有超过{_MAX_LABEL}个字符（A-label形式）的标签",
            )
        try:
            alabel = idna.alabel(label).decode("ascii")
            ulabel = idna.ulabel(alabel)
            if idna.alabel(ulabel).decode("ascii") != alabel:
                raise idna.IDNAError("A-label is not in canonical form")
        except (idna.IDNAError, UnicodeError) as exc:
            raise FactError(
                "idna",
                f"domain name {_show(text)} has an invalid label {_show(label)}: {exc}",
                f"域名 {_show(text)} 含有无效标签 {_show(label)}：{exc}",
            ) from None
        scripts = _scripts(ulabel)
        if len(scripts) > 1:
            raise FactError(
                "mixed_script",
                f"domain name {_show(text)} has a label mixing scripts"
                f" ({', '.join(sorted(scripts)).lower()}): {_show(ulabel)}",
                f"域名 {_show(text)} 的标签 {_show(ulabel)} 混用了拉丁、西里尔或希腊字母",
            )
        alabels.append(alabel)
        ulabels.append(ulabel)
    ascii_name = ".".join(alabels)
    if len(ascii_name) > _MAX_NAME:
        raise FactError(
            "length",
            f"domain name {_show(text)} is {len(ascii_name)} characters long in A-label form,"
            f" over {_MAX_NAME}",
            f"域名 {_show(text)} 的A-label形式长{len(ascii_name)}个字符，超过{_MAX_NAME}",
        )
    if alabels[-1].isdigit():
        raise FactError(
            "idna",
            f"{_show(text)} is not a domain name: its top-level label is all digits",
            f"{_show(text)} 不是域名：顶级标签全为数字",
        )
    return _split(text, ascii_name, alabels, ulabels)


def _split(text: str, ascii_name: str, alabels: list[str], ulabels: list[str]) -> DomainName:
    """Split a validated name at its public suffix."""
    suffix = _public_suffix_list().publicsuffix(".".join(ulabels))
    depth = len(suffix.split(".")) if suffix else len(alabels)
    if len(alabels) <= depth:
        raise FactError(
            "no_registrable_part",
            f"domain name {_show(text)} is a public suffix or has no registrable part",
            f"域名 {_show(text)} 是公共后缀，没有可注册部分",
        )
    return DomainName(
        ascii=ascii_name,
        unicode=".".join(ulabels),
        suffix=".".join(alabels[-depth:]),
        registrable=".".join(alabels[-depth - 1 :]),
        prefix=ulabels[-depth - 1],
        subdomain=".".join(alabels[: -depth - 1]),
    )


# A letter-digit-hyphen label that IDNA leaves as it is: no "xn--" (or other "??--")
# prefix, no leading or trailing hyphen, 1-63 characters.
_PLAIN_LABEL = re.compile(r"(?!..--)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")


def _plain_ascii(text: str) -> str | None:
    """The lower-cased name if it is plain ASCII letters, digits and hyphens (the common
    case, which UTS #46 only lower-cases), else ``None`` for the full IDNA path."""
    if not text.isascii():
        return None
    name = text.lower().removesuffix(".")
    labels = name.split(".")
    if len(name) > _MAX_NAME or labels[-1].isdigit() or not all(_PLAIN_LABEL.fullmatch(label) for label in labels):
        return None
    return name
