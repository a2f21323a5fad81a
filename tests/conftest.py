"""Shared test settings. Hypothesis profiles: ``ci`` (default, small budget) and ``fuzz``
(``HYPOTHESIS_PROFILE=fuzz``, a long run of the loaders; see docs/developing-the-core.md)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# CI explores a fixed set of examples (derandomize): a run that lands must not depend on
# luck; exploring anew is the fuzz profile's job.
settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=20_000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
