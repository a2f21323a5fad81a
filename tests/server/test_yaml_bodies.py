"""POST bodies in YAML (``Content-Type: application/yaml`` or ``text/yaml``): the same answers
as the same value in JSON, errors at their line and column, and the same limits."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from icp_core.engine import Engine

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
BEIJING_YAML = (EXAMPLES / "beijing-enterprise.yaml").read_text(encoding="utf-8")
YAML = {"content-type": "application/yaml"}


def _line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if needle in line)


def _indented(text: str) -> str:
    return "".join(f"  {line}\n" for line in text.splitlines())


@pytest.mark.parametrize("media_type", ["application/yaml", "text/yaml; charset=utf-8", "application/x-yaml"])
def test_a_yaml_filing_gets_the_same_answer_as_the_same_filing_in_json(client: TestClient, media_type: str) -> None:
    from icp_core.convert import parse_text

    data, _ = parse_text(BEIJING_YAML)
    as_json = client.post("/v1/check", content=json.dumps(data, default=str, ensure_ascii=False).encode())
    as_yaml = client.post("/v1/check", content=BEIJING_YAML.encode(), headers={"content-type": media_type})
    assert as_json.status_code == as_yaml.status_code == 200
    assert as_yaml.content == as_json.content
    assert as_yaml.json()["verdict"] == "pass"


def test_a_bad_value_in_yaml_is_a_422_at_its_line_and_column_in_either_language(client: TestClient) -> None:
    bad = BEIJING_YAML.replace("  type: enterprise", "  type: enterprize", 1)
    english = client.post("/v1/check", content=bad.encode(), headers=YAML)
    chinese = client.post("/v1/check", content=bad.encode(), headers={**YAML, "accept-language": "zh"})
    assert english.status_code == chinese.status_code == 422
    [error] = english.json()["errors"]
    assert (error["path"], error["code"]) == ("subject.type", "not_one_of_near")
    assert (error["line"], error["column"]) == (_line_of(bad, "enterprize"), 9)
    assert "不是以下取值之一" in chinese.json()["errors"][0]["message"]


def test_a_json_body_keeps_null_lines_whatever_else_its_content_type_says(client: TestClient) -> None:
    from icp_core.convert import parse_text

    data, _ = parse_text(BEIJING_YAML.replace("  type: enterprise", "  type: enterprize", 1))
    body = json.dumps(data, default=str, ensure_ascii=False).encode()
    answers = [client.post("/v1/check", content=body, headers={"content-type": kind})
               for kind in ("application/json", "text/plain", "application/yamlish")]
    assert {a.status_code for a in answers} == {422}
    assert answers[0].content == answers[1].content == answers[2].content
    assert answers[0].json()["errors"][0]["line"] is None


def test_broken_yaml_is_a_400_that_says_where_parsing_stopped(client: TestClient) -> None:
    broken = BEIJING_YAML.replace("websites:\n", "websites: [\n", 1)
    response = client.post("/v1/check", content=broken.encode(), headers=YAML)
    assert response.status_code == 400
    body = response.json()
    assert (body["error"], body["code"]) == ("malformed", "not_yaml")
    assert isinstance(body["line"], int) and body["line"] > _line_of(broken, "websites: [")


@pytest.mark.parametrize(("text", "code"), [
    ("", "empty_document"),
    ("- a\n- b\n", "not_an_object"),
    ("province: beijing\nprovince: tianjin\n", "duplicate_key"),
    (b"province: \xff\n", "not_utf8"),
])
def test_yaml_that_is_no_object_is_a_400(client: TestClient, text: str | bytes, code: str) -> None:
    raw = text if isinstance(text, bytes) else text.encode()
    response = client.post("/v1/check", content=raw, headers=YAML)
    assert (response.status_code, response.json()["code"]) == (400, code)


def test_change_and_transfer_in_yaml_place_errors_at_their_lines_with_the_parts_paths(client: TestClient) -> None:
    bad = BEIJING_YAML.replace("  type: enterprise", "  type: enterprize", 1)
    change = f"filing:\n{_indented(bad)}change:\n  to: individual\n  surprise: 1\n"
    response = client.post("/v1/change", content=change.encode(), headers=YAML)
    assert response.status_code == 422
    errors = {e["path"]: (e["code"], e["line"]) for e in response.json()["errors"]}
    assert errors["filing.subject.type"] == ("not_one_of_near", _line_of(change, "enterprize"))
    assert errors["change.surprise"][1] == _line_of(change, "surprise")

    original = (EXAMPLES / "beijing-original.yaml").read_text(encoding="utf-8")
    transfer = f"filing:\n{_indented(BEIJING_YAML)}transfer:\n{_indented(original)}"
    answer = client.post("/v1/transfer", content=transfer.encode(), headers=YAML)
    assert answer.status_code == 200, answer.text
    assert answer.json()["outcome"] in {"allowed", "conditional", "denied", "incomplete"}
    wrong = transfer.replace("websites_accessible: true", "websites_accessible: maybe")
    refused = client.post("/v1/transfer", content=wrong.encode(), headers=YAML)
    [error] = refused.json()["errors"]
    assert (error["path"], error["line"]) == ("transfer.original.websites_accessible", _line_of(wrong, "maybe"))


def test_a_yaml_batch_places_each_items_errors_in_the_whole_text(client: TestClient) -> None:
    bad = BEIJING_YAML.replace("  type: enterprise", "  type: enterprize", 1)
    batch = f"filings:\n  -\n{_indented(_indented(BEIJING_YAML))}  -\n{_indented(_indented(bad))}"
    response = client.post("/v1/check:batch", content=batch.encode(), headers=YAML)
    assert response.status_code == 200
    first, second = response.json()["results"]
    assert first["verdict"] == "pass"
    [error] = second["errors"]
    assert (error["path"], error["line"]) == ("subject.type", _line_of(batch, "enterprize"))


def test_limits_apply_to_yaml_bodies(app_client: Callable[..., TestClient], engine: Engine) -> None:
    small = app_client(engine, max_body_bytes=len(BEIJING_YAML.encode()) - 1)
    assert small.post("/v1/check", content=BEIJING_YAML.encode(), headers=YAML).status_code == 413

    client = app_client(engine)
    many = BEIJING_YAML.replace("    industries: []", "    industries: [" + ", ".join(["x"] * 1001) + "]", 1)
    too_many = client.post("/v1/check", content=many.encode(), headers=YAML)
    assert too_many.status_code == 422
    assert too_many.json()["errors"][0]["code"] == "too_many_items"
    assert too_many.json()["errors"][0]["line"] == _line_of(many, "industries:")

    # aliases are counted as they expand: a billion laughs stops at the value limit
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(6))
    laughs = client.post("/v1/check", content=bomb.encode(), headers=YAML)
    assert laughs.status_code in (400, 422)
    assert "too_many_values" in laughs.text

    tagged = client.post("/v1/check", content=b"province: !!python/object:os.system echo\n", headers=YAML)
    assert tagged.status_code == 422
    assert tagged.json()["errors"][0]["code"] == "tag_not_allowed"


def test_the_openapi_document_offers_yaml_for_every_post_body(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    posts = [item["post"] for item in document["paths"].values() if "post" in item]
    routes = [r for r in client.app.routes if "POST" in getattr(r, "methods", ())]  # type: ignore[attr-defined]
    assert len(posts) == len(routes) >= 6  # check, check:batch, documents, change, transfer, replay
    for operation in posts:
        content = operation["requestBody"]["content"]
        assert content["application/yaml"] == content["application/json"]
