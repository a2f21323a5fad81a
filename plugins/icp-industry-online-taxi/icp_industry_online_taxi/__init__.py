"""The pre-approval of the industry "Online taxi booking" (guide section 6).

All rules are declared in ``policy.yaml`` with the core's rule kinds; this package
has no Python hooks.
"""
