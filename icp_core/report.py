"""What the engine answers: findings, documents to upload, decisions, and the report.

Every message is bilingual (``Text``); a face picks the language. Nothing in here
holds personal data in clear: rule kinds interpolate masked values only.
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs


@attrs.frozen(cache_hash=True)  # messages key the rules' caches of filled-in texts
class Text:
    """A message in English and Simplified Chinese."""

    en: str
    zh: str

    def get(self, lang: str) -> str:
        return self.zh if lang.startswith("zh") else self.en

    # No ``format``: messages come from policy files, which are input; they are filled by
    # icp_core.templating, which knows only plain placeholders and evaluates nothing.


class Severity(enum.StrEnum):
    """How much a violated rule matters: ``error`` blocks the filing, the others advise."""

    error = "error"
    warning = "warning"
    info = "info"


class Status(enum.StrEnum):
    """What a rule found: a violation, or that it cannot tell until a fact is given;
    ``not_covered`` marks the engine's own finding that no plugin checked a scope."""

    violation = "violation"
    needs_information = "needs_information"
    not_covered = "not_covered"


class Verdict(enum.StrEnum):
    """The answer for a whole filing, worst first:
    ``error`` > ``fail`` > ``not_covered`` > ``incomplete`` > ``pass``.

    ``fail`` outranks ``not_covered``: a violation found is conclusive whatever the
    missing plugin would have said; ``not_covered`` outranks ``incomplete``, since
    completing the form cannot make an unchecked scope pass."""

    error = "error"  # a plugin failed: nothing may be concluded
    fail = "fail"  # at least one error-severity violation
    not_covered = "not_covered"  # a scope of the filing had no plugin: it was not checked
    incomplete = "incomplete"  # no violation, but facts are missing
    pass_ = "pass"


class CoverageStatus(enum.StrEnum):
    """Whether a scope of the filing was checked, and if not, why."""

    covered = "covered"
    not_installed = "not_installed"  # no plugin for the scope is installed
    not_allowed = "not_allowed"  # installed, but left out of the allow-list
    failed = "failed"  # the plugin failed to load (the verdict is ``error``)
    not_served = "not_served"  # outside what the deployment's profile says it serves
    not_in_force = "not_in_force"  # the plugin has rules, but none in force on the evaluation day


@attrs.frozen
class Coverage:
    """One scope a filing is in (national, its province, each instance type and
    industry), and the plugin that covered it or why none did."""

    scope: str  # "national", "province.guangdong", "instance.ecs", "industry.news"
    status: CoverageStatus
    plugin: str | None = None  # "name==version" of the plugin that covered it (or was meant to)
    install: str | None = None  # for an uncovered scope: the distribution that would cover it

    @property
    def covered(self) -> bool:
        return self.status is CoverageStatus.covered


class RemedyAction(enum.StrEnum):
    """What a remedy asks the applicant to do (``docs/answers.md``, "Remedies")."""

    provide = "provide"  # give the facts in ``fields`` (those the finding lists as missing)
    set_value = "set_value"  # set ``field`` to ``values[0]``
    one_of = "one_of"  # set ``field`` to one of ``values``
    copy_from = "copy_from"  # make ``field`` the same as the value at one of ``same_as``
    add = "add"  # add to the list at ``field`` one of ``values`` (or each missing one, with ``all_values``)
    include_text = "include_text"  # let the text at ``field`` contain one of ``values``
    upload = "upload"  # upload ``document`` for ``field`` (``document@field``; ``document`` for the filing)
    at_least = "at_least"  # raise the number at ``field`` to ``minimum`` (expires_on: months left to run)
    at_most = "at_most"  # bring the list at ``field`` down to ``maximum`` items
    wait_until = "wait_until"  # nothing to change: the rule passes from ``passes_on``
    change = "change"  # change ``field`` as the text says (not mechanical: a name's form, another person)
    review = "review"  # nothing in the filing to set: read the rule and its section, or ask the deployment


#: Actions a program can apply to the filing by itself (``icp_core.testing.apply_remedy``).
MECHANICAL_ACTIONS = frozenset(RemedyAction) - {RemedyAction.change, RemedyAction.review}


@attrs.frozen(cache_hash=True)
class Remedy:
    """What would make a finding go away. Built once per rule when its policy is compiled
    and shared by its findings: ``field`` ``""`` is the finding's own field, a path starting
    with ``.`` continues it (``.age``), ``..`` is the item it belongs to, any other is a path
    of the filing; ``fields`` ``()`` of a ``provide`` remedy are the finding's ``missing``.
    ``icp_core.remedies.remedy_of`` gives a finding's remedy with both resolved, as answers show it."""

    action: RemedyAction
    text: Text  # the remedy in a sentence; ``{field}``, ``{fields}`` and ``{passes_on}`` are filled when shown
    field: str = ""
    values: tuple[str | bool, ...] = ()  # one_of, set_value, add, include_text: the accepted values
    same_as: tuple[str, ...] = ()  # copy_from: paths whose value would satisfy it
    document: str | None = None  # upload: the document key
    minimum: int | None = None  # at_least
    maximum: int | None = None  # at_most
    passes_on: dt.date | None = None  # wait_until: the first day the rule passes
    fields: tuple[str, ...] = ()  # provide: the facts to give
    all_values: bool = False  # add: every one of ``values`` the list lacks, not one of them
    industry: str | None = None  # add to pre_approvals: the industry; ``values`` are the licence types accepted
    #: Other remedies, any one of which also satisfies the rule (an exemption's document).
    alternatives: tuple[Remedy, ...] = ()
    #: Whether a program can apply it to the filing (``MECHANICAL_ACTIONS``), not only a person.
    actionable: bool = attrs.field(init=False, default=attrs.Factory(
        lambda self: self.action in MECHANICAL_ACTIONS, takes_self=True))


@attrs.frozen
class Finding:
    """One rule's answer about one field of the filing."""

    rule_id: str
    status: Status
    severity: Severity
    message: Text
    field: str  # path into the filing: "websites[0].domains[1].name"
    citation: str  # section of the pre-filing guide, e.g. "5.3.1"
    plugin: str  # distribution that raised it
    missing: tuple[str, ...] = ()  # for needs_information: the paths of the missing facts
    #: What would satisfy the rule (``icp_core.remedies.remedy_of`` resolves its paths).
    remedy: Remedy | None = None
    #: The title of the cited section of the guide, given when an explanation is asked for.
    section: Text | None = None

    def sort_key(self) -> tuple[str, str, str, str]:
        return (self.field, self.rule_id, self.plugin, self.status.value)


@attrs.frozen
class Note:
    """An informational rule: a requirement that cannot be checked from filing facts."""

    rule_id: str
    message: Text
    reason: Text  # why it cannot be checked
    citation: str
    plugin: str
    about: str = "check"  # the question it belongs to: check, change or transfer


@attrs.frozen
class DocumentRequirement:
    """A document to upload, and why."""

    document: str  # key in icp_core.documents
    name: Text
    reason: Text
    rule_id: str
    citation: str
    plugin: str
    field: str = ""  # what it is about ("websites[0].domains[1]"), "" for the whole filing
    provided: bool = False
    also_required_by: tuple[str, ...] = ()  # other rules asking for the same document and field

    def sort_key(self) -> tuple[str, str, str]:
        return (self.document, self.field, self.rule_id)


@attrs.frozen
class PluginFailure:
    """A plugin raised or misbehaved in a hook: the verdict becomes ``error``."""

    plugin: str
    hook: str
    error: str  # redacted: no personal data


class Outcome(enum.StrEnum):
    """A change or transfer decision. ``undetermined``: no scope has a rule for the
    request (the guide states none: decide by review); ``incomplete``: a fact the
    decision needs is not given (``missing`` lists it); ``not_covered``: a scope of
    the filing had no plugin, so its rules were not consulted."""

    allowed = "allowed"
    conditional = "conditional"  # allowed if the conditions are met
    denied = "denied"
    incomplete = "incomplete"
    undetermined = "undetermined"
    not_covered = "not_covered"


@attrs.frozen
class Condition:
    """Something the applicant must provide or satisfy for a conditional decision."""

    message: Text
    rule_id: str
    citation: str
    plugin: str
    document: str | None = None  # the document that satisfies it, if one does
    met: bool = False  # the request already says it is met (e.g. the document is provided)


@attrs.frozen
class Reason:
    rule_id: str
    message: Text
    citation: str
    plugin: str


@attrs.frozen
class Decision:
    """One scope's answer to a change or transfer request."""

    outcome: Outcome
    reasons: tuple[Reason, ...] = ()
    conditions: tuple[Condition, ...] = ()
    scope: str = ""  # filled in by the engine
    missing: tuple[str, ...] = ()  # for ``incomplete``: paths of the facts not given


@attrs.frozen
class PluginInfo:
    """A plugin as the engine resolved it; shown in ``icp plugins`` and every report."""

    name: str  # distribution name
    version: str
    scope: str  # "national", "province.beijing", "instance.ecs", "industry.news"
    entry_point: str
    rules: int = 0
    replaces: tuple[str, ...] = ()
    replaced_by: str | None = None
    #: ``rule.parameter=value`` of the tunable numbers in force (quotas, minimums, ages).
    parameters: tuple[str, ...] = ()


@attrs.frozen
class Report:
    """The answer to ``check``: verdict, findings, documents, and who said what."""

    verdict: Verdict
    province: str
    evaluated_on: dt.date
    findings: tuple[Finding, ...]
    documents: tuple[DocumentRequirement, ...]
    notes: tuple[Note, ...]
    missing: tuple[str, ...]
    failures: tuple[PluginFailure, ...]
    plugins: tuple[str, ...]  # "name==version (scope)" of every plugin consulted
    profile: str | None = None
    waived: tuple[str, ...] = ()  # rule ids waived by the profile
    coverage: tuple[Coverage, ...] = ()  # every scope of the filing, covered or not
    #: The dated rule versions applied (``rule id@first day in force``), for rules whose policy
    #: states their period (``from``/``until``); left out of the JSON when there are none.
    rule_versions: tuple[str, ...] = attrs.field(default=(), metadata={"omit_if_default": True})

    @property
    def passed(self) -> bool:
        return self.verdict is Verdict.pass_


class DocumentsVerdict(enum.StrEnum):
    """Whether a list of documents is the whole list: ``listed`` when every scope of
    the filing was consulted, ``not_covered`` when one was not (its documents may be
    missing from the list), ``error`` when a plugin failed."""

    listed = "listed"
    not_covered = "not_covered"
    error = "error"


@attrs.frozen
class DocumentsReport:
    province: str
    evaluated_on: dt.date
    documents: tuple[DocumentRequirement, ...]
    failures: tuple[PluginFailure, ...]
    plugins: tuple[str, ...]
    verdict: DocumentsVerdict = DocumentsVerdict.listed
    coverage: tuple[Coverage, ...] = ()
    #: The dated rule versions applied (``rule id@first day in force``), for rules whose policy
    #: states their period (``from``/``until``); left out of the JSON when there are none.
    rule_versions: tuple[str, ...] = attrs.field(default=(), metadata={"omit_if_default": True})


@attrs.frozen
class DecisionReport:
    """The answer to ``change`` and ``transfer``: the combined decision and every scope's."""

    request: str  # "change:enterprise_to_individual", "transfer"
    province: str
    outcome: Outcome | None  # None when a plugin failed: no decision may be drawn
    decided_by: str  # the scope whose decision stands
    reasons: tuple[Reason, ...]
    conditions: tuple[Condition, ...]
    decisions: tuple[Decision, ...]  # every scope's, most specific first
    failures: tuple[PluginFailure, ...]
    plugins: tuple[str, ...]
    notes: tuple[Note, ...] = ()
    combining: str = "most-specific-scope, then deny-overrides"
    coverage: tuple[Coverage, ...] = ()
    missing: tuple[str, ...] = ()  # for ``incomplete``: paths of the facts not given
    #: The dated rule versions applied (``rule id@first day in force``), for rules whose policy
    #: states their period (``from``/``until``); left out of the JSON when there are none.
    rule_versions: tuple[str, ...] = attrs.field(default=(), metadata={"omit_if_default": True})


def verdict_of(findings: tuple[Finding, ...], failures: tuple[PluginFailure, ...], covered: bool = True) -> Verdict:
    if failures:
        return Verdict.error
    incomplete = False
    for finding in findings:
        if finding.severity is Severity.error:
            if finding.status is Status.violation:
                return Verdict.fail
            if finding.status is Status.needs_information:
                incomplete = True
    if not covered:
        return Verdict.not_covered
    return Verdict.incomplete if incomplete else Verdict.pass_
