"""ICP filing rules of Hunan (湖南) (guide section 5.6.3).

Rules are declared in ``policy.yaml``. Add Python hooks here only for a rule no core
rule kind can express: declare it in the policy with ``kind: python`` and check it in
a hook, e.g.::

    from icp_core.hookspecs import hookimpl

    @hookimpl
    def check_entity(filing, facts, rules):  # rules: this scope's declared rules
        if filing.subject.name and "example" in filing.subject.name:
            return [rules.violation("hunan.my_special_rule", "subject.name")]
        return None
"""
