"""ICP filing rules of Tibet (西藏) (guide section 5.8.4).

All of them are declared in ``policy.yaml`` with the core's rule kinds; this
package has no Python hooks.
"""
