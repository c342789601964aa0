"""Letters and Word exports: ``letter list|render|context|lint`` and ``export chronology|bundle``. Thin over
:mod:`casebook.services.letters`.

A template that cannot be rendered — invalid, unsafe (it tries to leave the sandbox) or over a limit
(loops forever, expands hugely) — exits 1 with one line and writes nothing; an existing output file is
never replaced without ``--force``. Every file written is recorded in the audit log.
"""

from __future__ import annotations

from pathlib import Path

from casebook.errors import BadInput


def register(sub, groups) -> None:
    letter = sub.add_parser("letter", help="letters from Word templates (list, render, context, lint)")
    letter = letter.add_subparsers(dest="letter_command", metavar="ACTION", required=True)
    p = letter.add_parser("list", help="the letter templates (shipped and your firm's)")
    p.set_defaults(func=cmd_list)
    p = letter.add_parser("render", help="write a letter for a matter from a template")
    p.add_argument("template", nargs="?", metavar="ID", help="a template id (see 'letter list')")
    p.add_argument("--template-file", dest="template_file", metavar="T.docx", help="a template file instead")
    p.add_argument("--matter", type=int, required=True)
    p.add_argument("-o", "--out", required=True, metavar="OUT.docx")
    p.add_argument("--force", action="store_true", help="replace OUT.docx if it exists")
    p.add_argument("--to", type=int, metavar="CONTACT_ID",
                   help="address the letter to this contact of the matter or its client ('contact list "
                        "--matter M'); default: the template's usual addressee, if it has one")
    p.set_defaults(func=cmd_render)
    p = letter.add_parser("context", help="the values a template sees for a matter (use --json)")
    p.add_argument("--matter", type=int, required=True)
    p.add_argument("--to", type=int, metavar="CONTACT_ID", help="the addressee (a contact of the matter)")
    p.set_defaults(func=cmd_context)
    p = letter.add_parser("lint", help="check a template: tag errors, unknown fields, tags split across runs")
    p.add_argument("template", metavar="T.docx")
    p.set_defaults(func=cmd_lint)
    p = letter.add_parser("folder", help="show or choose the folder of your firm's own templates")
    p.add_argument("folder", nargs="?", metavar="PATH",
                   help="a folder of .docx templates (a template with a shipped one's id replaces it)")
    p.add_argument("--clear", action="store_true", help="use the shipped templates only")
    p.set_defaults(func=cmd_folder)
    p = letter.add_parser("firm", help="show or set the letterhead every letter carries")
    for name, what in (("name", "the firm's name"), ("phone", ""), ("email", ""), ("solicitor", "who signs"),
                       ("sra-number", "SRA number"), ("reference", "our reference")):
        p.add_argument(f"--{name}", dest=name.replace("-", "_"), help=what or None)
    p.add_argument("--address", action="append", metavar="LINE",
                   help="one line of the address (repeat for each line; replaces the address)")
    p.set_defaults(func=cmd_firm)

    export = groups["export"]
    p = export.add_parser("chronology", help="a matter's chronology as a Word table (A4)")
    p.add_argument("--matter", type=int, required=True)
    p.add_argument("-o", "--out", required=True, metavar="OUT.docx")
    p.add_argument("--force", action="store_true", help="replace OUT.docx if it exists")
    p.set_defaults(func=cmd_export_chronology)
    p = export.add_parser("bundle", help="the counsel bundle (.zip of Word files, and PDFs with LibreOffice)")
    p.add_argument("--matter", type=int, required=True)
    p.add_argument("-o", "--out", required=True, metavar="OUT.zip")
    p.add_argument("--force", action="store_true", help="replace OUT.zip if it exists")
    p.add_argument(
        "--no-pdf", dest="no_pdf", action="store_true", help="Word files only, even with LibreOffice"
    )
    p.set_defaults(func=cmd_export_bundle)


def _out(args, suffix: str) -> Path:
    out = Path(args.out).expanduser()
    if out.suffix.lower() != suffix:
        raise BadInput(f"the output file must end in {suffix}")
    return out


def cmd_list(args, ctx) -> int:
    items = [t.to_json() for t in ctx.services().letters.templates()]
    if ctx.json:
        ctx.emit(items)
    elif not items:
        ctx.info("no letter templates installed")
    else:
        width = max(len(t["id"]) for t in items)
        for t in items:
            mark = " (firm's)" if t["source"] == "user" else ""
            ctx.emit(None, f"{t['id']:<{width}}  {t['title']}{mark}")
    return 0


def cmd_render(args, ctx) -> int:
    if bool(args.template) == bool(args.template_file):
        raise BadInput("give a template id or --template-file T.docx (one of them)")
    out = _out(args, ".docx")
    template = Path(args.template_file).expanduser() if args.template_file else args.template
    path = ctx.services().letters.write(template, args.matter, out, force=args.force, addressee=args.to)
    ctx.emit({"path": str(path), "matter": args.matter}, f"Wrote {path}.")
    return 0


def cmd_context(args, ctx) -> int:
    data = ctx.services().letters.context(args.matter, addressee=args.to)
    import json

    # The context is for template authors: JSON either way (pretty without --json).
    ctx.emit(data, json.dumps(data, ensure_ascii=False, indent=2))
    return 0


def cmd_lint(args, ctx) -> int:
    from casebook.letters.lint import lint

    findings = lint(Path(args.template).expanduser())
    if not findings:
        return 0  # clean: nothing printed, with or without --json (the CLI contract)
    if ctx.json:
        ctx.emit([f.to_json() for f in findings])
    else:
        for f in findings:
            print(str(f))
    return 1 if findings else 0


def cmd_export_chronology(args, ctx) -> int:
    out = _out(args, ".docx")
    path = ctx.services().letters.export_chronology(args.matter, out, force=args.force)
    ctx.emit({"path": str(path), "matter": args.matter}, f"Wrote {path}.")
    return 0


def cmd_export_bundle(args, ctx) -> int:
    out = _out(args, ".zip")
    path = ctx.services().letters.export_bundle(
        args.matter, out, force=args.force, pdf=False if args.no_pdf else None
    )
    ctx.emit({"path": str(path), "matter": args.matter}, f"Wrote {path}.")
    return 0


def cmd_folder(args, ctx) -> int:
    letters = ctx.services().letters
    if args.clear and args.folder:
        raise BadInput("give a folder or --clear, not both")
    if args.clear:
        letters.set_template_folder(None)
    elif args.folder:
        letters.set_template_folder(args.folder)
    folder = letters.template_folder()
    ctx.emit({"folder": str(folder) if folder else None},
             f"Firm's templates: {folder}" if folder
             else "No folder of the firm's own templates (the shipped ones only).")
    return 0


def cmd_firm(args, ctx) -> int:
    letters = ctx.services().letters
    fields = {k: getattr(args, k) for k in ("name", "phone", "email", "solicitor", "sra_number", "reference")
              if getattr(args, k) is not None}
    if args.address is not None:
        fields["address_lines"] = [line.strip() for line in args.address if line.strip()]
    firm = letters.set_firm(**fields) if fields else letters.firm()
    lines = [firm.get("name") or "(no firm name yet: casebook letter firm --name …)",
             *firm.get("address_lines", [])]
    for key, label in (("phone", "Telephone"), ("email", "Email"), ("solicitor", "Solicitor"),
                       ("sra_number", "SRA number"), ("reference", "Reference")):
        if firm.get(key):
            lines.append(f"{label}: {firm[key]}")
    ctx.emit(firm, "\n".join(lines))
    return 0
