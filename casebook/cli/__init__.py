"""The ``casebook`` command: every command, flag, JSON shape and exit code of the CLI contract.

Thin over the services. Every command module in this package exposes ``register(sub, groups)``:
``sub`` is argparse's sub-parser action, ``groups`` maps a command group ("export", …) to its own
sub-parser action so that several modules can add to one group. Handlers take ``(args, ctx)`` and
return an exit code; they raise :class:`casebook.errors.CasebookError` for user mistakes, which
``main`` prints as one line on stderr, never a traceback.

The command grows from above: :func:`main` and :func:`build_parser` take ``extra`` register functions
of the same shape, which is how the desktop app adds ``gui`` (``ui.entry``) without the core ever
loading the UI. Without it, ``gui`` answers with one line saying how to start the app.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable

from casebook.cli import (
    calc,
    challenges,
    contacts,
    core,
    deadlines,
    documents,
    legal_aid,
    letters,
    offences,
    parole,
    risk,
    safety,
)
from casebook.cli.context import CliContext
from casebook.errors import CasebookError

Register = Callable[[argparse._SubParsersAction, dict], None]

# Each module adds its commands. Order is the order of ``casebook --help``. Imported statically, so a
# frozen build (PyInstaller) finds them.
_MODULES = (core, calc, offences, deadlines, parole, risk, challenges, documents, contacts, letters,
            legal_aid)
DEFAULT_COMMAND = "gui"


def build_parser(extra: Iterable[Register] = ()) -> argparse.ArgumentParser:
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
    for module in _MODULES:
        module.register(sub, groups)
    for register in extra:
        register(sub, groups)
    core.register_gui_placeholder(sub, groups)
    return parser


def main(argv: list[str] | None = None, *, extra: Iterable[Register] = ()) -> int:
    """Run one command; returns its exit code. ``extra``: more ``register(sub, groups)`` functions."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(extra)
    # ``--json`` is accepted before or after the command.
    if "--json" in argv:
        argv = [a for a in argv if a != "--json"]
        argv.insert(0, "--json")
    try:
        args = parser.parse_args(argv)
        if not getattr(args, "command", None):
            args = parser.parse_args([*argv, DEFAULT_COMMAND])
    except SystemExit as exc:  # --help (0) or a usage error (2), already printed by argparse
        return int(exc.code or 0) if not isinstance(exc.code, str) else 2
    ctx = CliContext(args)
    # Nothing a terminal acts on is printed, and no failure is a traceback (casebook.cli.safety).
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout = safety.TerminalText(stdout, as_json=ctx.json)
    sys.stderr = safety.TerminalText(stderr)
    try:
        safety.warn_if_insecure_kdf_in_use()
        code = int(args.func(args, ctx) or 0)
        sys.stdout.flush()  # a reader that went away (| head -1) is met here, not at exit
        return code
    except BrokenPipeError:
        safety.quiet_broken_pipe(stdout)
        return 0
    except CasebookError as exc:
        ctx.error(exc.message)
        return exc.exit_code
    except KeyboardInterrupt:
        ctx.error("interrupted")
        return 130
    except Exception as exc:
        if safety.debugging():
            raise
        message, code = safety.fault_message(exc, ctx.path)
        ctx.error(message)
        return code
    finally:
        ctx.close()
        sys.stdout, sys.stderr = stdout, stderr
