"""Electronic bulletin services (guide section 6): the pre-approval is abolished nationwide.

All rules are declared in ``policy.yaml`` (notes only); this package has no Python hooks.
"""
