"""ICP filing rules of Sichuan (四川) (guide section 5.8.3).

All of them are declared in ``policy.yaml`` with the core's rule kinds; this
package has no Python hooks.
"""
