"""The playground in headless Chromium, as a person uses it: load the page, pick an example,
check it, read the verdict, switch to Chinese, break the filing and see the line marked,
ask about a change and a transfer. Screenshots are saved as test artifacts."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

TIMEOUT_MS = 30_000
EXAMPLE = "beijing-enterprise.yaml"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def page(browser_context: Any, server: str) -> Any:
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    page = browser_context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.icp_requests = []  # every URL the page asked for
    page.icp_problems = []  # script errors and console errors
    page.on("request", lambda request: page.icp_requests.append(request.url))
    page.on("pageerror", lambda error: page.icp_problems.append(str(error)))
    page.on("console", lambda message: message.type == "error" and page.icp_problems.append(message.text))
    page.goto(server + "/")
    page.wait_for_selector("body[data-ready=true]")
    yield page
    page.close()


def _line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if needle in line)


def _load_example(page: Any, name: str) -> str:
    from playwright.sync_api import expect

    page.select_option("#example", name)
    text = (ROOT / "examples" / name).read_text(encoding="utf-8")
    expect(page.locator("#filing")).to_have_value(text)
    return text


def test_check_an_example_then_read_it_in_chinese_and_see_errors_at_their_lines(page: Any, server: str,
                                                                                 artifacts: Path) -> None:
    from playwright.sync_api import expect

    text = _load_example(page, EXAMPLE)
    page.click("#check")
    expect(page.locator("#verdict")).to_have_text("pass")
    expect(page.locator("#output")).to_contain_text("Documents to upload")
    expect(page.locator("#output")).to_contain_text("Upload the")  # a document's reason, in English
    page.screenshot(path=str(artifacts / "playground-pass-en.png"), full_page=True)

    # Chinese: the page's labels, and the answer asked again in Chinese
    page.select_option("#lang", "zh")
    expect(page.locator("h1")).to_have_text("ICP 备案检查演练场")
    expect(page.locator("#output")).to_contain_text("需上传的材料")
    expect(page.locator("#output")).to_contain_text("须上传主体负责人证件")

    # a finding, with its citation, in Chinese
    failing = text.replace("is_legal_representative: true", "is_legal_representative: false", 1)
    page.fill("#filing", failing)
    page.click("#check")
    expect(page.locator("#verdict")).to_have_text("fail")
    finding = page.locator("li.finding").first
    expect(finding).to_contain_text("主体负责人须为单位法定代表人")
    expect(finding).to_contain_text("beijing.subject_administrator_is_legal_representative")
    expect(finding).to_contain_text("指南 §5.3.1")
    page.screenshot(path=str(artifacts / "playground-fail-zh.png"), full_page=True)

    # a value the model refuses: the error names the line and column, and the gutter marks the line
    wrong = text.replace("  type: enterprise", "  type: enterprize", 1)
    line = _line_of(wrong, "enterprize")
    page.fill("#filing", wrong)
    page.click("#check")
    expect(page.locator("#verdict")).to_have_text("422 input")
    expect(page.locator("#errors")).to_contain_text(f"第 {line} 行第 9 列")
    expect(page.locator("#errors")).to_contain_text("subject.type")
    expect(page.locator("#gutter span.error")).to_have_attribute("data-line", str(line))

    # broken YAML: a 400 that says where parsing stopped, marked in the gutter
    broken = text.replace("  type: enterprise", "  type: [enterprise", 1)
    page.fill("#filing", broken)
    page.click("#check")
    expect(page.locator("#verdict")).to_have_text("400 malformed")
    expect(page.locator("#errors")).to_contain_text("不是有效的 YAML/JSON")
    marked = int(page.locator("#gutter span.error").get_attribute("data-line"))
    assert _line_of(broken, "[enterprise") <= marked <= _line_of(broken, "[enterprise") + 1
    page.screenshot(path=str(artifacts / "playground-error-zh.png"))

    assert all(url.startswith(server + "/") or url.startswith("data:") for url in page.icp_requests), \
        page.icp_requests
    # the 400 and 422 above are answers the page shows, not failures of the page
    problems = [p for p in page.icp_problems if not re.search(r"status of (400|422)", p)]
    assert problems == []


def test_ask_about_a_change_and_a_transfer(page: Any, artifacts: Path) -> None:
    from playwright.sync_api import expect

    _load_example(page, EXAMPLE)
    page.click("#change-panel > summary")
    page.select_option("select[name=to]", "new_name")
    page.fill("input[name=new_name]", "北京星河示例网络有限公司")
    page.select_option("select[name=names_related]", "true")
    page.click("#change")
    expect(page.locator("#verdict")).to_have_text(re.compile(r"^(allowed|conditional|denied|incomplete)$"))
    expect(page.locator("#output")).to_contain_text("change")

    # the transfer example fills the transfer part, not the filing
    page.select_option("#example", "beijing-original.yaml")
    original = (ROOT / "examples" / "beijing-original.yaml").read_text(encoding="utf-8")
    expect(page.locator("#transfer-text")).to_have_value(original)
    page.click("#transfer")
    # the enterprise renamed itself since: Beijing asks for a certificate of change
    expect(page.locator("#verdict")).to_have_text("conditional")
    expect(page.locator("li.condition")).to_contain_text("certificate_of_change")
    page.screenshot(path=str(artifacts / "playground-transfer-en.png"), full_page=True)

    # an error in the transfer part is marked in the transfer editor, at its own line
    page.fill("#transfer-text", original.replace("websites_accessible: true", "websites_accessible: maybe"))
    page.click("#transfer")
    expect(page.locator("#verdict")).to_have_text("422 input")
    expect(page.locator("#transfer-gutter span.error")).to_have_attribute(
        "data-line", str(_line_of(original, "websites_accessible")))
    expect(page.locator("#gutter span.error")).to_have_count(0)
