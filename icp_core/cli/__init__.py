"""The ``icp`` command line.

Exit codes: 0 the filing passes (or the request is allowed, or the document list is
complete, or no replayed filing stops passing), 1 it does not (fails, is not covered by
a plugin, is incomplete, is denied, conditional or undetermined, or a plugin failed; or a
replayed filing that passed no longer does), 2 bad input or usage.
Errors are one line per problem with the field's path, never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from icp_core.cli.arguments import _parser
from icp_core.cli.commands import _day
from icp_core.cli.exits import EXIT_OK, EXIT_USAGE

__all__ = ["_day", "_parser", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_USAGE
    from icp_core.errors import IcpError, InputError

    try:
        code: int = args.run(args)
        return code
    except IcpError as exc:
        from icp_core.privacy import redact_text
        from icp_core.terminal import printable

        text = exc.text(getattr(args, "lang", "en")) if isinstance(exc, InputError) else str(exc)
        print(f"icp: {printable(redact_text(text), keep_newlines=True)}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
