"""The pre-approval of the industry "Broadcasts, films and television programmes" (guide section 6).

All rules are declared in ``policy.yaml`` with the core's rule kinds; this package
has no Python hooks.
"""
