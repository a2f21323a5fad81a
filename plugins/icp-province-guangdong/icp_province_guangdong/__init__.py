"""Guangdong's ICP filing rules (guide sections 5.5.1, 5.9.1 and 5.9.3).

All of them are declared in ``policy.yaml`` with the core's rule kinds; this
package has no Python hooks.
"""
