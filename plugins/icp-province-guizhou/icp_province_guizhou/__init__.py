"""ICP filing rules of Guizhou (贵州) (guide section 5.8.2).

All of them are declared in ``policy.yaml`` with the core's rule kinds; this
package has no Python hooks.
"""
