"""The education industry's pre-approval (guide section 6, Education).

All rules are declared in ``policy.yaml`` with the core's rule kinds; this package
has no Python hooks.
"""
