"""Gansu's ICP filing rules (guide section 5.7.1).

All of them are declared in ``policy.yaml`` with the core's rule kinds; this
package has no Python hooks.
"""
