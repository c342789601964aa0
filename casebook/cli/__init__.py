"""The ``casebook`` command (docs/architecture.md, "The CLI contract").

Thin over the services. Every command module in this package exposes ``register(sub, groups)``:
``sub`` is argparse's sub-parser action, ``groups`` maps a command group ("export", …) to its own
sub-parser action so that several modules can add to one group. Handlers take ``(args, ctx)`` and
return an exit code; they raise :class:`casebook.errors.CasebookError` for user mistakes, which
``main`` prints as one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import sys

from casebook.cli.context import CliContext
from casebook.errors import CasebookError

# Each module adds its commands. Order is the order of ``casebook --help``.
_MODULES = (
    "casebook.cli.core",
    "casebook.cli.calc",
    "casebook.cli.deadlines",
)


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = argparse.ArgumentParser(
        prog="casebook",
        description="Casebook: an offline, encrypted casebook for prison-law and parole work.",
    )
    parser.add_argument("--file", metavar="PATH", help="the casebook file (default: your data folder)")
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON on stdout")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    groups: dict[str, argparse._SubParsersAction] = {}
    export = sub.add_parser("export", help="exports (chronology, bundle, ics)")
    groups["export"] = export.add_subparsers(dest="export_command", metavar="WHAT", required=True)
    for name in _MODULES:
        importlib.import_module(name).register(sub, groups)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    # ``--json`` is accepted before or after the command.
    if "--json" in argv:
        argv = [a for a in argv if a != "--json"]
        argv.insert(0, "--json")
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        args = parser.parse_args([*argv, "gui"])
    ctx = CliContext(args)
    try:
        return int(args.func(args, ctx) or 0)
    except CasebookError as exc:
        ctx.error(exc.message)
        return exc.exit_code
    except KeyboardInterrupt:
        ctx.error("interrupted")
        return 130
    finally:
        ctx.close()
