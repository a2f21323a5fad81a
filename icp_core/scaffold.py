"""``icp new-plugin KIND KEY``: lay out a new plugin from the template, ready to test.

Creates ``plugins/icp-<kind>-<key>/`` (pyproject with the entry point, package with
``policy.yaml``, a test file using the plugin author's kit, a README with the coverage
table to fill in). The folder is the list: ``uv sync --all-packages`` installs it.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

from icp_core.errors import IcpError
from icp_core.provinces import Province
from icp_core.scopes import ScopeKind

TEMPLATES = Path(__file__).parent / "templates" / "plugin"
_LAYOUT = {
    "pyproject.toml.tmpl": "pyproject.toml",
    "README.md.tmpl": "README.md",
    "__init__.py.tmpl": "{package}/__init__.py",
    "policy.yaml.tmpl": "{package}/policy.yaml",
    "test_plugin.py.tmpl": "tests/test_{key}.py",
}


#: A plugin key becomes a folder, a package, a scope and rule ids: a lowercase identifier,
#: never a path (``../../evil``) nor text that TOML or YAML would read as syntax.
_KEY = re.compile(r"[a-z][a-z0-9_]{0,39}")


def new_plugin(kind: str, key: str, root: Path) -> Path:
    """Write the plugin's files under ``root`` and return its folder."""
    if kind == "province":
        try:
            province = Province.parse(key)
        except ValueError as exc:
            raise IcpError(f"{exc}: give a province key (hebei), its Chinese name (河北) or code (13)") from None
        key, title, section = province.value, f"{province.value.capitalize()} ({province.zh})", province.section
    elif kind in ScopeKind.__members__ and ScopeKind[kind].keyed:
        title, section = key.replace("_", " "), ScopeKind[kind].section
    else:
        keyed = ", ".join(k.word for k in ScopeKind if k.keyed)
        raise IcpError(f"unknown plugin kind {kind!r}: one of {keyed}")
    if not _KEY.fullmatch(key):
        raise IcpError(f"plugin key {key!r} is not a lowercase identifier (a-z, 0-9, _; starting with a letter; "
                       f"at most 40 characters)")
    distribution = f"icp-{kind}-{key.replace('_', '-')}"
    values = {"distribution": distribution, "package": distribution.replace("-", "_"), "scope": f"{kind}.{key}",
              "key": key, "title": title, "section": section}
    folder = root / distribution
    if folder.exists():
        raise IcpError(f"{folder} already exists")
    for template, target in _LAYOUT.items():
        path = folder / target.format(**values)
        path.parent.mkdir(parents=True, exist_ok=True)
        # A kind may have its own version of a file (an industry's rule is a pre-approval).
        source = TEMPLATES / kind / template
        source = source if source.is_file() else TEMPLATES / template
        text = string.Template(source.read_text("utf-8")).substitute(values)
        path.write_text(text, "utf-8")
    return folder
