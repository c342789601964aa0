"""The ``casebook`` command as installed: the core CLI with the desktop app's ``gui`` added.

This module sits above both packages: ``casebook`` (the core, which never loads the UI) and ``ui``.
``pyproject.toml``'s ``[project.scripts]``, the frozen app (``build/casebook_main.py``), ``./run`` and
``python -m ui`` all call :func:`main`. ``gui`` is also the default command, so ``casebook`` alone opens
the app. Qt is imported only when ``gui`` runs: the other commands start as fast as the core's.
"""

from __future__ import annotations

from casebook.errors import Unsupported


def register_gui(sub, groups) -> None:
    p = sub.add_parser("gui", help="the desktop app (the default command)")
    p.add_argument("--demo", action="store_true", help="open (creating if needed) a demo casebook")
    p.add_argument("--smoke", action="store_true", help="open the demo offscreen, visit each screen, exit")
    p.set_defaults(func=cmd_gui)


def cmd_gui(args, ctx) -> int:
    try:
        from ui import app
    except ImportError as exc:  # Qt missing or broken on this machine
        raise Unsupported(f"the desktop app is not available here ({exc.name or 'Qt'} is missing)") from None
    return int(app.run(file=getattr(args, "file", None), demo=args.demo, smoke=args.smoke))


def main(argv: list[str] | None = None) -> int:
    """Run ``casebook ARGS`` (``sys.argv[1:]`` by default) and return the exit code."""
    from casebook.cli import main as cli_main

    return cli_main(argv, extra=[register_gui])


__all__ = ["cmd_gui", "main", "register_gui"]
