"""Plugins' names and versions read without the email parser: always what importlib.metadata says."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

import pytest

from icp_core.distribution_headers import _headers, name_and_version


class _Dist(metadata.Distribution):
    """A distribution whose METADATA is the given text (``None``: no file)."""

    def __init__(self, text: str | None) -> None:
        self.text = text

    def read_text(self, filename: str) -> str | None:
        return self.text if filename == "METADATA" else None

    def locate_file(self, path: str | Path) -> Path:  # pragma: no cover - not read
        raise NotImplementedError


def test_every_installed_distribution_reads_as_importlib_metadata_reads_it() -> None:
    dists = list(metadata.distributions())
    assert len(dists) > 50  # the plugins and their dependencies
    for dist in dists:
        assert name_and_version(dist) == (dist.name, dist.version)


@pytest.mark.parametrize("text", [
    "Metadata-Version: 2.1\nName: icp-national\nVersion: 0.1.0\n\nbody\nName: other\n",
    "metadata-version: 2.1\nNAME:   spaced-name  \nversion:\t1.0\n",
    "Name: first\nName: second\nVersion: 2\n",
    "Name: folded\n  continued\nVersion: 1\n",
    "Version: 1\nName: a\n and more\n",
    "Name: only-name\n\nVersion: 1 (in the body, not a header)\n",
    "Name: odd\nno colon here\nVersion: 1\n",
    "Name: crlf\r\nVersion: 3\r\n\r\n",
    "",
    None,
])
def test_unusual_metadata_gives_what_the_email_parser_gives(text: str | None) -> None:
    dist = _Dist(text)
    assert name_and_version(dist) == (dist.name, dist.version)


def test_plain_headers_are_read_without_the_email_parser() -> None:
    assert _headers("Metadata-Version: 2.1\nName: icp-national\nVersion: 0.1.0\n") == ("icp-national", "0.1.0")
    assert _headers("Name: folded\n  continued\nVersion: 1\n") is None  # the email parser decides
    assert _headers("Name: no-version\n\nVersion: 1\n") is None
