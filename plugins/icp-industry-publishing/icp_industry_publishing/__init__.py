"""ICP filing rules of publishing (guide section 6).

Rules are declared in ``policy.yaml``. Add Python hooks here only for a rule no core
rule kind can express: declare it in the policy with ``kind: python`` and check it in
a hook, e.g.::

    from icp_core.hookspecs import hookimpl
    from icp_core.plugins import PluginRules

    rules = PluginRules(__name__)

    @hookimpl
    def check_entity(filing, facts):
        if filing.subject.name and "example" in filing.subject.name:
            return [rules.violation("publishing.my_special_rule", "subject.name")]
        return None
"""
