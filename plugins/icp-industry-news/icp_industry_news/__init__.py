"""The news industry's pre-approval (guide section 6, News).

All rules are declared in ``policy.yaml`` with the core's rule kinds; this package
has no Python hooks.
"""
