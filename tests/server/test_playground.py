"""The playground page at ``/`` and the bundled examples behind it (``/v1/examples``).
The page itself is driven in a real browser by ``tests/browser/``."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from icp_core.model import CHANGE_REQUIREMENTS
from icp_core.server.examples import EXAMPLES_FOLDER, bundled_examples
from icp_core.server.playground import ASSETS

ROOT = Path(__file__).resolve().parents[2]
REPOSITORY_EXAMPLES = sorted(p.name for p in (ROOT / "examples").iterdir())


def test_the_page_is_served_at_the_root_with_its_own_assets_only(client: TestClient) -> None:
    for path in ("/", "/playground/"):
        page = client.get(path)
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        assert "default-src 'none'" in page.headers["content-security-policy"]
        assert '<script src="/playground/playground.js"' in page.text
    for name, media_type in (("playground.js", "text/javascript"), ("playground.css", "text/css")):
        asset = client.get(f"/playground/{name}")
        assert asset.status_code == 200
        assert asset.headers["content-type"].startswith(media_type)
        assert asset.content == (ASSETS / name).read_bytes()


def test_the_page_and_its_assets_name_no_other_host() -> None:
    """No external network at run time: no URL with a scheme in what the page loads."""
    for name in ("index.html", "playground.js", "playground.css"):
        text = (ASSETS / name).read_text(encoding="utf-8")
        assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", text, re.IGNORECASE), name


def test_the_page_carries_the_change_requirements_in_both_languages(client: TestClient) -> None:
    page = client.get("/").text
    embedded = re.search(r'<script id="change-requirements" type="application/json">(.*?)</script>', page, re.S)
    assert embedded is not None
    assert json.loads(embedded.group(1)) == {name: {"en": en, "zh": zh}
                                             for name, (en, zh) in CHANGE_REQUIREMENTS.items()}


@pytest.mark.parametrize("path", ["/playground/index.html", "/playground/examples", "/playground/__init__.py",
                                  "/playground/..%2F__init__.py", "/playground/nothing.js"])
def test_only_the_pages_assets_are_served(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_the_examples_are_the_repositorys_found_through_the_package() -> None:
    assert EXAMPLES_FOLDER.is_dir()
    assert sorted(bundled_examples()) == REPOSITORY_EXAMPLES
    kinds = {name: example.kind for name, example in bundled_examples().items()}
    assert kinds.pop("beijing-original.yaml") == "transfer"
    assert set(kinds.values()) == {"filing"}


def test_every_example_is_listed_served_as_is_and_checked_as_yaml(client: TestClient) -> None:
    listed = client.get("/v1/examples", headers={"accept-language": "zh"})
    assert listed.status_code == 200
    examples = listed.json()["examples"]
    assert [e["name"] for e in examples] == REPOSITORY_EXAMPLES
    assert next(e for e in examples if e["name"] == "beijing-enterprise.yaml")["title"] == (
        "A Beijing enterprise filing one website with two domains on one ECS instance")
    for example in examples:
        response = client.get(f"/v1/examples/{example['name']}")
        assert response.status_code == 200
        assert response.text == (ROOT / "examples" / example["name"]).read_text(encoding="utf-8")
        expected_type = "application/json" if example["format"] == "json" else "application/yaml"
        assert response.headers["content-type"].startswith(expected_type)
        if example["kind"] == "filing":
            # the page sends every text as YAML (JSON is YAML too): each example must be readable so
            check = client.post("/v1/check", content=response.content, headers={"content-type": "application/yaml"})
            assert check.status_code == 200, (example["name"], check.text)


@pytest.mark.parametrize("name", ["..%2Fpyproject.toml", "..%2F..%2FREADME.md", "%2e%2e", "..", "pyproject.toml",
                                  "BEIJING-ENTERPRISE.YAML", "beijing-enterprise.yaml%00", "beijing-enterprise",
                                  "beijing-enterprise.yaml.bak", ".%2Fbeijing-enterprise.yaml", "~", "%2Fetc%2Fpasswd"])
def test_an_example_name_cannot_reach_another_file(client: TestClient, name: str) -> None:
    response = client.get(f"/v1/examples/{name}")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_the_wheel_ships_the_page_and_the_examples(tmp_path: Path) -> None:
    uv = shutil.which("uv")
    assert uv is not None, "uv builds the wheel (the README's tool; .ci/run installs it)"
    subprocess.run([uv, "build", "--wheel", "--out-dir", str(tmp_path), "--quiet", str(ROOT)], check=True,
                   timeout=300)
    [wheel] = tmp_path.glob("icp_core-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for asset in ("__init__.py", "index.html", "playground.js", "playground.css"):
        assert f"icp_core/server/playground/{asset}" in names
    shipped = sorted(n.rsplit("/", 1)[1] for n in names if n.startswith("icp_core/server/playground/examples/"))
    assert shipped == REPOSITORY_EXAMPLES
