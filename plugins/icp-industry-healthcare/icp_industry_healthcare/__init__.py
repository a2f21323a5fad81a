"""The healthcare industry's pre-approval (guide section 6, Healthcare).

All rules are declared in ``policy.yaml`` with the core's rule kinds; this package
has no Python hooks.
"""
