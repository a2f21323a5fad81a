"""Declarative rule kinds: the few shapes that most provincial rules share.

A plugin's ``policy.yaml`` lists rules; each names a ``kind`` defined here and its
parameters. At load time every rule is validated (unknown keys and wrong types are
errors with file:line:col) and compiled into plain closures, so a check costs a few
function calls per rule and no dictionary look-ups. ``docs/rule-kinds.md`` lists
the kinds and which bullets of sections 5.2–5.9 each one covers.

Rules that need code declare ``kind: python``: the policy still gives the id,
citation and both messages; the plugin's hook implementation does the checking.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from types import MappingProxyType

from icp_core.rules.base import _KINDS, PEOPLE, ROLE_TEXT, CompileContext, Compiled, Rule, TextSpec
from icp_core.rules.conditions import When
from icp_core.rules.decisions import ChangeEntry

__all__ = ["PEOPLE", "ROLE_TEXT", "RULE_KINDS", "ChangeEntry", "CompileContext", "Compiled", "Rule", "TextSpec", "When"]

# Every module of this package holds kinds (each declared with @rule_kind): importing them
# all is the registration. Adding a kind is adding it to a module, or a new module here.
for _module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
    importlib.import_module(f"{__name__}.{_module}")

#: Every rule kind by name, as policies give it in ``kind:``; in the order they are named.
RULE_KINDS: Mapping[str, type[Rule]] = MappingProxyType(dict(sorted(_KINDS.items())))
