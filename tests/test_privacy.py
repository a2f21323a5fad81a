"""Masking: ID numbers and phone numbers never leave in clear."""

from __future__ import annotations

from icp_core.privacy import mask_id_number, mask_name, mask_phone, redact_text


def test_masks() -> None:
    assert mask_id_number("110101199003071234") == "110101********1234"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_name("张三丰") == "张**"
    assert mask_phone("1390009") == "*****09"  # a partial number is never shown whole
    assert mask_phone("010-62345678") == "010*****5678"


def test_redact_text_masks_every_long_digit_run() -> None:
    text = "id 11010119900307123X and phone +86 138-1234-5678, code 12345"
    redacted = redact_text(text)
    assert "11010119900307123X" not in redacted and "1234-5678" not in redacted
    assert "code 12345" in redacted  # short numbers (counts, codes) stay readable
    assert "110101199003071234" not in redact_text("key=x110101199003071234y")
