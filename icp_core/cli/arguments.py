"""The ``icp`` command line's arguments: every command, its options and their value types."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Sequence
from typing import Any, NoReturn

from icp_core.cli.commands import (
    _change,
    _check,
    _documents,
    _lint,
    _new_plugin,
    _plugins,
    _replay,
    _schema,
    _serve,
    _transfer,
)
from icp_core.cli.exits import EXIT_OK

#: Shorter spellings of some requirement flags, kept from earlier releases.
_SHORTER_FLAGS = {"individual_is_legal_representative": ("--legal-representative",),
                  "three_in_one_conversion": ("--three-in-one",)}


class _Parser(argparse.ArgumentParser):
    """argparse quotes a bad argument back (``invalid choice: '13800138000'``): mask it by
    shape like every other message. Sub-commands' parsers are of this class too."""

    def error(self, message: str) -> NoReturn:
        from icp_core.privacy import redact_text

        super().error(redact_text(message))


def _schema_names() -> tuple[str, ...]:
    from icp_core.schema import SCHEMAS

    return SCHEMAS


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="icp", description="Check a China ICP filing before it is submitted.")
    parser.add_argument("--version", action=_Version, help="print the version of icp-core and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def engine_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--profile", help="deployment profile (policies/*.yaml): plugins enabled, overrides, waivers")
        p.add_argument("--allow", help="comma-separated distributions to load (default: every installed plugin)")
        p.add_argument("--format", choices=("text", "json"), default="text",
                       help="text for people (default), json for programs")
        p.add_argument("--lang", choices=("en", "zh"), default="en", help="language of messages")
        p.add_argument("--on", type=_date, help="evaluate the rules as of this day (default: the filing's "
                       "evaluated_on, else today in China, Asia/Shanghai)")
        p.add_argument("--hook-timeout", type=float, default=10.0, metavar="SECONDS",
                       help="give up on a plugin's Python hooks after this long (default 10; 0 runs them "
                       "inline, faster, for trusted plugins)")

    check = commands.add_parser("check", help="check a filing: verdict, findings, documents")
    check.add_argument("filing", help="filing as .yaml or .json (with --batch: a .jsonl file, one filing a line)")
    engine_options(check)
    check.add_argument("--complete", action="store_true", help="treat missing information as an input error")
    check.add_argument("--notes", action="store_true", help="show the informational notes in text output")
    check.add_argument("--explain", action="store_true", help="give each finding its section's title and, in "
                       "text output, its remedy (JSON always has the remedy)")
    check.add_argument("--batch", action="store_true", help="FILING is JSON Lines; print one JSON result a line")
    check.add_argument("--processes", type=int, default=None,
                       help="worker processes for --batch (default: one per usable core)")
    check.add_argument("--max-line-bytes", type=_positive_int, default=None, metavar="BYTES",
                       help="with --batch: a longer line is answered with an input error (default 1048576)")
    check.add_argument("--summary", metavar="FILE", help="with --batch: also write the summary printed on stderr "
                       "(counts by verdict, most frequent rules, input errors) to FILE as JSON")
    check.set_defaults(run=_check)

    documents = commands.add_parser("documents", help="list the documents a filing must upload, and why")
    documents.add_argument("filing", help="filing as .yaml or .json")
    engine_options(documents)
    documents.set_defaults(run=_documents)

    change = commands.add_parser("change", help="may this filing be changed as requested?")
    change.add_argument("filing", help="the filing on record, as .yaml or .json")
    from icp_core.model import CHANGE_REQUIREMENTS, ChangeTarget  # the flags are the model's

    change.add_argument("--to", required=True, help="what the filing is to become",
                        choices=[target.value.replace("_", "-") for target in ChangeTarget])
    change.add_argument("--new-name", help="the subject's new name (with --to new-name)")
    change.add_argument("--new-certificate-number", help="the subject's new certificate number")
    for name, (meaning, _) in CHANGE_REQUIREMENTS.items():
        flags = ["--" + name.replace("_", "-"), *_SHORTER_FLAGS.get(name, ())]
        change.add_argument(*flags, dest=name, type=_yes_no, metavar="yes|no",
                            help=f"a fact a change rule may require: {meaning}")
    change.add_argument("--document", action="append", default=[], help="a document you can provide (repeatable)")
    engine_options(change)
    change.set_defaults(run=_change)

    transfer = commands.add_parser("transfer", help="may a filing at another provider be transferred in?")
    transfer.add_argument("filing", help="the filing as it is to be at this provider, as .yaml or .json")
    transfer.add_argument("--original", required=True, help="the filing on record at the previous provider")
    transfer.add_argument("--document", action="append", default=[], help="a document you can provide (repeatable)")
    engine_options(transfer)
    transfer.set_defaults(run=_transfer)

    replay = commands.add_parser("replay", help="check stored filings under two policies and show what changes")
    replay.add_argument("filings", help="a .jsonl file, one filing a line (an optional \"id\" beside its fields)")
    for side, meaning in (("baseline", "the policy in force"), ("candidate", "the policy proposed")):
        replay.add_argument(f"--{side}", action="append", default=[], metavar="SIDE",
                            help=f"{meaning}: installed (default), a profile FILE.yaml, or a plugin folder DIR or "
                            "plugins:DIR used instead of the installed plugin of its scope (repeatable: one "
                            "profile and any folders)")
    replay.add_argument("--all", action="store_true", help="print a line for every filing, changed or not")
    replay.add_argument("--summary", metavar="FILE", help="also write the summary printed on stderr to FILE as JSON")
    replay.add_argument("--lang", choices=("en", "zh"), default="en", help="language of messages")
    replay.add_argument("--on", type=_date, help="evaluate the rules as of this day (default: each filing's "
                        "evaluated_on, else today in China)")
    replay.add_argument("--complete", action="store_true", help="treat missing information as an input error")
    replay.add_argument("--hook-timeout", type=float, default=10.0, metavar="SECONDS",
                        help="give up on a plugin's Python hooks after this long (default 10; 0 runs them inline)")
    replay.add_argument("--processes", type=_positive_int, default=None,
                        help="worker processes (default: one per usable core), each with both engines")
    replay.add_argument("--max-line-bytes", type=_positive_int, default=None, metavar="BYTES",
                        help="a longer line is answered with an input error (default 1048576)")
    replay.set_defaults(run=_replay)

    plugins = commands.add_parser("plugins", help="list installed plugins, scopes, rules and replacements")
    plugins.add_argument("--allow", help="comma-separated distributions to load (default: every installed plugin)")
    plugins.add_argument("--profile", help="deployment profile (policies/*.yaml): plugins enabled, scopes served")
    plugins.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    plugins.add_argument("--coverage", action="store_true",
                         help="show every scope of the guide and what covers it; exit 1 while a served scope "
                         "is not covered")
    plugins.set_defaults(run=_plugins)

    schema = commands.add_parser("schema", help="print the JSON Schema of a filing or a report")
    schema.add_argument("what", help="which schema",
                        choices=_schema_names())
    schema.set_defaults(run=_schema)

    policy = commands.add_parser("policy", help="work with policy files")
    policy_commands = policy.add_subparsers(dest="policy_command", metavar="COMMAND", required=True)
    lint = policy_commands.add_parser("lint", help="validate plugin policies or deployment profiles")
    lint.add_argument("paths", nargs="+", help="policy.yaml files of plugins, or deployment profiles")
    lint.add_argument("--scope", help="the plugin's scope (default: its entry point in the package's pyproject.toml)")
    lint.set_defaults(run=_lint)

    scaffold = commands.add_parser("new-plugin", help="lay out a new plugin from the template")
    from icp_core.scopes import ScopeKind

    scaffold.add_argument("kind", choices=[k.word for k in ScopeKind if k.keyed], help="what the plugin covers")
    scaffold.add_argument("key", help="province key or Chinese name, instance type or industry key")
    scaffold.add_argument("--into", default="plugins", help="folder to create it in (default: plugins)")
    scaffold.set_defaults(run=_new_plugin)

    serve = commands.add_parser("serve", help="run the HTTP JSON service (needs icp-core[server])")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)")
    serve.add_argument("--port", type=int, default=8080, help="TCP port to listen on (default 8080)")
    serve.add_argument("--profile", help="deployment profile (policies/*.yaml): plugins enabled, the scopes "
                       "served, overrides, waivers")
    serve.add_argument("--allow", help="comma-separated distributions to load (default: every installed plugin)")
    # Limits (docs/limits.md, "HTTP service"); each defaults to its ICP_* variable, then to the built-in value.
    limits = serve.add_argument_group("limits", "each overrides its environment variable (docs/server.md)")
    for flag, kind, meaning in (
        ("--max-body-bytes", "count", "largest request body (ICP_MAX_BODY_BYTES, 1 MiB)"),
        ("--max-batch", "count", "most filings in one batch (ICP_MAX_BATCH, 100)"),
        ("--max-response-bytes", "count", "largest answer (ICP_MAX_RESPONSE_BYTES, 8 MiB)"),
        ("--check-threads", "count", "threads running checks (ICP_CHECK_THREADS, 2)"),
        ("--check-queue", "count", "requests waiting for a thread before 503 (ICP_CHECK_QUEUE, 64)"),
        ("--max-connections", "count", "open connections before new ones get 503 (ICP_MAX_CONNECTIONS, 1000)"),
        ("--max-header-bytes", "count", "largest request line and headers (ICP_MAX_HEADER_BYTES, 16 KiB)"),
        ("--body-timeout", "seconds", "to receive a body (ICP_BODY_TIMEOUT, 30)"),
        ("--header-timeout", "seconds", "to receive a request's headers (ICP_HEADER_TIMEOUT, 10)"),
        ("--keep-alive-timeout", "seconds", "an idle connection stays open (ICP_KEEP_ALIVE_TIMEOUT, 5)"),
        ("--write-timeout", "seconds", "a client may leave its answer unread (ICP_WRITE_TIMEOUT, 30)"),
    ):
        number = _whole_number if flag == "--check-queue" else _positive_int  # a queue of 0: no waiting
        limits.add_argument(flag, type=number if kind == "count" else _positive_seconds,
                            metavar="N" if kind == "count" else "SECONDS", help=meaning)
    serve.set_defaults(run=_serve)
    return parser


class _Version(argparse.Action):
    """``--version``: looked up only when asked (reading package metadata costs start-up time)."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("icp-core")
        except PackageNotFoundError:  # run from a source tree that was never installed
            found = "unknown (not installed)"
        print(f"icp (icp-core) {found}")
        parser.exit(EXIT_OK)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError("expected YYYY-MM-DD") from None


def _yes_no(text: str) -> bool:
    if text.lower() in ("yes", "y", "true", "1"):
        return True
    if text.lower() in ("no", "n", "false", "0"):
        return False
    raise argparse.ArgumentTypeError("expected yes or no")


def _whole_number(text: str) -> int:
    if not (text.strip().isascii() and text.strip().isdigit()):
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}")
    return int(text)


def _positive_int(text: str) -> int:
    value = _whole_number(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {text!r}")
    return value


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not (value > 0 and value != float("inf")):
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got {text!r}")
    return value
