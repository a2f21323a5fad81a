"""Loading requests from files, text or mappings into the model (see ``convert``)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from icp_core.convert import (
    DEFAULT_LIMITS,
    Limits,
    Positions,
    load,
    looks_like_path,
    parse_text,
    read_file,
    structure,
)
from icp_core.model import ChangeRequest, Filing, OriginalFiling, TransferRequest


def load_filing(source: str | Path | Mapping[str, Any], *, limits: Limits = DEFAULT_LIMITS,
                positions: Positions | None = None) -> Filing:
    """A filing from a ``.yaml``/``.json`` path, YAML/JSON text, or a mapping.

    Raises ``InputError`` listing every problem with its path (and line:column for text,
    or for a mapping parsed from text whose ``positions`` are given).
    """
    return load(source, Filing, limits=limits, positions=positions)


def load_change_request(source: str | Path | Mapping[str, Any], *, limits: Limits = DEFAULT_LIMITS,
                        positions: Positions | None = None) -> ChangeRequest:
    return load(source, ChangeRequest, limits=limits, positions=positions)


def load_transfer_request(source: str | Path | Mapping[str, Any], *, limits: Limits = DEFAULT_LIMITS,
                          positions: Positions | None = None) -> TransferRequest:
    """A transfer request, given as one of:

    - ``{"original": {...}, "documents": [...]}`` (a ``TransferRequest``);
    - the original as a public query shows it (an ``OriginalFiling`` mapping);
    - the original as a whole filing, in the same format as ``load_filing`` reads
      (recognised by its ``subject``): its subject and administrators are compared.
    """
    if isinstance(source, (str, Path)) and not isinstance(source, Mapping):
        if isinstance(source, Path) or looks_like_path(source):
            data, positions = read_file(source, limits=limits)
            return _transfer_from(data, str(source), positions, limits)
        data, positions = parse_text(source, limits=limits)
        return _transfer_from(data, None, positions, limits)
    return _transfer_from(source, None, positions, limits)


def _transfer_from(data: Any, source: str | None, positions: Positions | None, limits: Limits) -> TransferRequest:
    if isinstance(data, Mapping) and "subject" in data and "original" not in data:
        return original_from_filing(structure(data, Filing, source=source, positions=positions, limits=limits))
    if isinstance(data, Mapping) and "original" not in data:
        return TransferRequest(structure(data, OriginalFiling, source=source, positions=positions, limits=limits))
    return structure(data, TransferRequest, source=source, positions=positions, limits=limits)


def original_from_filing(filing: Filing) -> TransferRequest:
    """The facts of a filing on record that a transfer compares with the new one."""
    subject = filing.subject
    admin = subject.administrator
    accessible = [w.accessible for w in filing.websites]
    return TransferRequest(OriginalFiling(
        subject_type=subject.type, subject_name=subject.name, certificate_number=subject.certificate_number,
        subject_administrator_name=admin.name if admin else None,
        subject_administrator_id_number=admin.id_number if admin else None,
        website_administrator_names=tuple(dict.fromkeys(
            w.administrator.name for w in filing.websites if w.administrator and w.administrator.name)),
        websites_accessible=None if None in accessible else all(accessible),
    ))  # documents for the transfer come with the request, not from the original
