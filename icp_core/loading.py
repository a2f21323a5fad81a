"""Loading requests from files, text or mappings into the model (see ``convert``)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from icp_core.convert import DEFAULT_LIMITS, Limits, load
from icp_core.model import ChangeRequest, Filing, OriginalFiling, TransferRequest


def load_filing(source: str | Path | Mapping[str, Any], *, limits: Limits = DEFAULT_LIMITS) -> Filing:
    """A filing from a ``.yaml``/``.json`` path, YAML/JSON text, or a mapping.

    Raises ``InputError`` listing every problem with its path (and line:column for text).
    """
    return load(source, Filing, limits=limits)


def load_change_request(source: str | Path | Mapping[str, Any], *, limits: Limits = DEFAULT_LIMITS) -> ChangeRequest:
    return load(source, ChangeRequest, limits=limits)


def load_transfer_request(source: str | Path | Mapping[str, Any], *,
                          limits: Limits = DEFAULT_LIMITS) -> TransferRequest:
    """A transfer request; a mapping without ``original`` is taken as the original filing itself."""
    if isinstance(source, Mapping) and "original" not in source:
        return TransferRequest(load(source, OriginalFiling, limits=limits))
    return load(source, TransferRequest, limits=limits)
