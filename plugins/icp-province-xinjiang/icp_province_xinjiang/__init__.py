"""Xinjiang's ICP filing rules (guide section 5.7.5).

All of them are declared in ``policy.yaml`` with the core's rule kinds; this
package has no Python hooks.
"""
