"""``POST /v1/replay``: sides as the service, a named profile or an inline one; never a folder."""

from __future__ import annotations

import json
from collections.abc import Iterator

import jsonschema
import pytest
from starlette.testclient import TestClient

from icp_core.schema import json_schema
from icp_core.server import create_app
from icp_core.testing import filing_data

RULE = "beijing.same_website_remark"
ALLOW = "icp-national,icp-province-beijing,icp-instance-ecs"
TIGHTER = {"name": "tighter", "rules": {RULE: {"params": {"min_domains": 1}}}}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    profiles = tmp_path_factory.mktemp("profiles")
    (profiles / "tighter.yaml").write_text(json.dumps(TIGHTER), "utf-8")
    with TestClient(create_app(allow=ALLOW, profiles_dir=profiles)) as test_client:
        yield test_client


def body(**sides: object) -> dict[str, object]:
    remarked = {**filing_data("beijing")["websites"][0], "remarks": "多个域名指向同一网站"}
    filings = [{"id": "A", **filing_data("beijing")}, {**filing_data("beijing"), "websites": [remarked]},
               {"province": "beijing", "subject": {"type": "company"}}]
    return json.loads(json.dumps({"filings": filings, **sides}, default=str))


@pytest.mark.parametrize("candidate", ["tighter", TIGHTER])
def test_a_tightened_profile_shows_the_filing_that_breaks_it(client: TestClient, candidate: object) -> None:
    response = client.post("/v1/replay", json=body(candidate=candidate))
    assert response.status_code == 200, response.text
    answer = response.json()
    changed, error = answer["changes"]
    for line in answer["changes"]:
        jsonschema.Draft202012Validator(json_schema("replay-line")).validate(line)
    assert (changed["line"], changed["id"], changed["baseline"], changed["candidate"]) == (0, "A", "pass", "fail")
    assert changed["rules_added"] == [RULE]
    assert error["line"] == 2 and error["baseline"] == "input" and error["errors"][0]["path"] == "subject.type"
    summary = answer["summary"]
    assert summary["no_longer_pass"] == 1 and summary["input_errors"] == 1 and summary["filings"] == 3


def test_sides_are_limited_to_what_the_service_offers(client: TestClient) -> None:
    folder = client.post("/v1/replay", json=body(candidate="plugins:/tmp"))
    assert folder.status_code == 422 and folder.json()["errors"][0]["path"] == "candidate"
    other = client.post("/v1/replay", json=body(candidate={"name": "x", "plugins": ["icp-province-tianjin"]}))
    assert other.status_code == 422 and "not loaded by this service" in other.text
    unknown = client.post("/v1/replay", json=body(baseline="nope"))
    assert unknown.status_code == 422 and "no profile named" in unknown.text
    below_range = {"name": "x", "rules": {RULE: {"params": {"min_domains": 0}}}}
    wrong = client.post("/v1/replay", json=body(candidate=below_range))
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["path"].startswith("candidate.")
    same = client.post("/v1/replay", json=body(all=True))
    assert same.status_code == 200 and len(same.json()["changes"]) == 3 and same.json()["summary"]["changed"] == 0
