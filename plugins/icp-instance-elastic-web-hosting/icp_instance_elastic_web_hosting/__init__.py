"""Requirements on Elastic Web Hosting instances that back an ICP filing (guide section 4.1, table 4-1).

All of them are declared in ``policy.yaml`` with the core's rule kinds; this
package has no Python hooks.
"""
