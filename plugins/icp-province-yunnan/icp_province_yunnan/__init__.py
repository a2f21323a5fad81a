"""ICP filing rules of Yunnan (云南) (guide section 5.8.5).

All of them are declared in ``policy.yaml`` with the core's rule kinds; this
package has no Python hooks.
"""
