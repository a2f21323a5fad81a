"""ICP filing rules of Chongqing (重庆) (guide section 5.8.1).

All of them are declared in ``policy.yaml`` with the core's rule kinds; this
package has no Python hooks.
"""
