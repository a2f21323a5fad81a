"""``icp new-plugin KIND KEY``: lay out a new plugin from the template, ready to test.

Creates ``plugins/icp-<kind>-<key>/`` (pyproject with the entry point, package with
``policy.yaml``, a test file using the plugin author's kit, a README with the coverage
table to fill in). The folder is the list: ``uv sync --all-packages`` installs it.
"""

from __future__ import annotations

import string
from pathlib import Path

from icp_core.errors import IcpError
from icp_core.provinces import Province

TEMPLATES = Path(__file__).parent / "templates" / "plugin"
_LAYOUT = {
    "pyproject.toml.tmpl": "pyproject.toml",
    "README.md.tmpl": "README.md",
    "__init__.py.tmpl": "{package}/__init__.py",
    "policy.yaml.tmpl": "{package}/policy.yaml",
    "test_plugin.py.tmpl": "tests/test_{key}.py",
}


def new_plugin(kind: str, key: str, root: Path) -> Path:
    """Write the plugin's files under ``root`` and return its folder."""
    if kind == "province":
        province = Province.parse(key)
        key, title, section = province.value, f"{province.value.capitalize()} ({province.zh})", province.section
    elif kind in ("instance", "industry"):
        title, section = key.replace("_", " "), "4.1" if kind == "instance" else "6"
    else:
        raise IcpError(f"unknown plugin kind {kind!r}: province, instance or industry")
    distribution = f"icp-{kind}-{key.replace('_', '-')}"
    values = {"distribution": distribution, "package": distribution.replace("-", "_"), "scope": f"{kind}.{key}",
              "key": key, "title": title, "section": section}
    folder = root / distribution
    if folder.exists():
        raise IcpError(f"{folder} already exists")
    for template, target in _LAYOUT.items():
        path = folder / target.format(**values)
        path.parent.mkdir(parents=True, exist_ok=True)
        text = string.Template((TEMPLATES / template).read_text("utf-8")).substitute(values)
        path.write_text(text, "utf-8")
    return folder
