"""The ``icp`` commands: each reads its input, asks the engine, and prints the answer."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from icp_core.cli.exits import EXIT_NOT_OK, EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    from icp_core.engine import Engine


def _engine(args: argparse.Namespace) -> Engine:
    """The engine the options ask for, read as ``--batch``, Spark and replay workers read them."""
    from icp_core.recheck import RecheckOptions

    return RecheckOptions(allow=getattr(args, "allow", None), profile=getattr(args, "profile", None),
                          hook_timeout=getattr(args, "hook_timeout", 10.0)).new_engine()


def _day(args: argparse.Namespace, filing: Any) -> dt.date:
    # The one place where "today" is decided: the face, never a rule; the authority's day, not the host's.
    from icp_core.calendar import today

    return args.on or filing.evaluated_on or today()


def _emit(args: argparse.Namespace, value: Any, text: str) -> None:
    from icp_core.terminal import printable, printable_json

    if args.format == "json":
        from icp_core.output import to_data

        print(printable_json(json.dumps(to_data(value, args.lang), ensure_ascii=False, indent=2)))
    else:
        print(printable(text, keep_newlines=True), end="")  # values in it may come from the input


def _check(args: argparse.Namespace) -> int:
    if args.batch:
        from icp_core.batch import run_batch

        return run_batch(args)
    from icp_core.loading import load_filing
    from icp_core.output import render_report

    filing = load_filing(Path(args.filing))
    report = _engine(args).check(filing, on=_day(args, filing), require_complete=args.complete)
    if args.explain:
        from icp_core.sections import explained

        report = explained(report)
    _emit(args, report, render_report(report, args.lang, notes=args.notes, explain=args.explain))
    return EXIT_OK if report.passed else EXIT_NOT_OK


def _replay(args: argparse.Namespace) -> int:
    from icp_core.replay import run_replay

    return run_replay(args)


def _documents(args: argparse.Namespace) -> int:
    from icp_core.loading import load_filing
    from icp_core.output import render_documents
    from icp_core.report import DocumentsVerdict

    filing = load_filing(Path(args.filing))
    report = _engine(args).documents(filing, on=_day(args, filing))
    _emit(args, report, render_documents(report, args.lang))
    return EXIT_OK if report.verdict is DocumentsVerdict.listed else EXIT_NOT_OK




def _change(args: argparse.Namespace) -> int:
    from icp_core.loading import load_filing
    from icp_core.model import ChangeRequest, ChangeTarget
    from icp_core.output import render_decision
    from icp_core.report import Outcome

    filing = load_filing(Path(args.filing))
    from icp_core.model import CHANGE_REQUIREMENTS

    request = ChangeRequest(
        to=ChangeTarget(args.to.replace("-", "_")), new_name=args.new_name,
        new_certificate_number=args.new_certificate_number, documents=frozenset(args.document),
        **{name: getattr(args, name) for name in CHANGE_REQUIREMENTS},
    )
    report = _engine(args).change(filing, request, on=_day(args, filing))
    _emit(args, report, render_decision(report, args.lang))
    return EXIT_OK if report.outcome is Outcome.allowed else EXIT_NOT_OK


def _transfer(args: argparse.Namespace) -> int:
    import attrs

    from icp_core.loading import load_filing, load_transfer_request
    from icp_core.output import render_decision
    from icp_core.report import Outcome

    filing = load_filing(Path(args.filing))
    request = load_transfer_request(Path(args.original))
    if args.document:
        request = attrs.evolve(request, documents=request.documents | frozenset(args.document))
    report = _engine(args).transfer(filing, request, on=_day(args, filing))
    _emit(args, report, render_decision(report, args.lang))
    return EXIT_OK if report.outcome is Outcome.allowed else EXIT_NOT_OK


def _plugins(args: argparse.Namespace) -> int:
    from icp_core.output import render_coverage_table, render_plugins, to_data
    from icp_core.terminal import printable, printable_json

    engine = _engine(args)
    plugins, problems, coverage = engine.plugins(), engine.problems(), engine.coverage()
    uncovered = engine.uncovered()
    if args.format == "json":
        print(printable_json(json.dumps({"plugins": to_data(plugins), "problems": problems,
                                         "coverage": to_data(coverage)}, ensure_ascii=False, indent=2)))
    elif args.coverage:
        print(printable(render_coverage_table(coverage), keep_newlines=True), end="")
    else:
        print(printable(render_plugins(plugins, problems), keep_newlines=True), end="")
        covered = sum(1 for c in coverage if c.covered)
        print(f"\ncoverage: {covered} of {len(coverage)} scopes covered; "
              f"{len(uncovered)} served scope(s) not covered (icp plugins --coverage lists them)")
    if problems or (args.coverage and uncovered):
        return EXIT_NOT_OK
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    from icp_core.schema import json_schema

    print(json.dumps(json_schema(args.what), ensure_ascii=False, indent=2))
    return EXIT_OK


def _lint(args: argparse.Namespace) -> int:
    from icp_core.errors import PolicyError
    from icp_core.plugins import scope_of_policy_file
    from icp_core.policy import load_policy
    from icp_core.privacy import redact_text
    from icp_core.profiles import lint_profile
    from icp_core.terminal import printable

    failed = False
    for given in args.paths:
        path = redact_text(given)  # as shown: a file may be named after a person's number
        try:
            if Path(given).parent.name == "policies" or "profile" in Path(given).name:
                lint_profile(given)  # and its parameters against the rules of the plugins it enables
            else:
                scope = args.scope or scope_of_policy_file(Path(given))
                policy = load_policy(given, scope=scope)
                print(f"{printable(path)}: ok ({policy.scope}, {len(policy.rules)} rules)")
                continue
            print(f"{printable(path)}: ok (profile)")
        except PolicyError as exc:
            failed = True
            for error in exc.errors:
                print(f"{printable(path)}:{error.line or 0}:{error.column or 0}: {printable(error.path)}: "
                      f"{printable(error.message)}", file=sys.stderr)
    return EXIT_USAGE if failed else EXIT_OK


def _new_plugin(args: argparse.Namespace) -> int:
    from icp_core.scaffold import new_plugin

    folder = new_plugin(args.kind, args.key, Path(args.into))
    print(f"created {folder}: edit policy.yaml and the tests, then `uv sync --all-packages` "
          f"and `uv run pytest {folder}`")
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    try:
        from icp_core.server import serve
    except ImportError as exc:
        print(f"icp serve needs the server extra: pip install 'icp-core[server]' ({exc})", file=sys.stderr)
        return EXIT_USAGE
    from icp_core.server import connection_limits

    try:
        limits = connection_limits(max_connections=args.max_connections, header_timeout=args.header_timeout,
                                   keep_alive_timeout=args.keep_alive_timeout, write_timeout=args.write_timeout,
                                   max_header_bytes=args.max_header_bytes)
        serve(host=args.host, port=args.port, profile=args.profile, allow=args.allow,
              max_body_bytes=args.max_body_bytes, max_batch=args.max_batch,
              max_response_bytes=args.max_response_bytes, check_threads=args.check_threads,
              check_queue=args.check_queue, body_timeout=args.body_timeout, limits=limits)
    except ValueError as exc:  # a bad ICP_* setting: a message, not a traceback
        from icp_core.privacy import redact_text

        print(f"icp serve: {redact_text(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK
