"""The people on a case: ``contact add|list|show|update|remove``. Thin over
:mod:`casebook.services.contacts`.

``contact add (--client C | --matter M) --name TEXT --role ROLE [--organisation TEXT] [--email E]
[--phone P] [--address TEXT] [--notes TEXT]`` prints ``{"id": N}`` with ``--json``. ``contact list
--client C`` gives every contact of the client; ``contact list --matter M`` the matter's own and the
client's general ones, each with ``"matter": id`` or ``null``. A bad role, email or phone, an unknown
client or matter, or a matter of another client: one line on stderr, exit 1, nothing saved.
"""

from __future__ import annotations

from casebook.domain.records import CONTACTS
from casebook.domain.vocabulary import CONTACT_ROLES
from casebook.errors import BadInput

_ROLES = ", ".join(CONTACT_ROLES)
_TEXT_FIELDS = ("name", "role", "organisation", "email", "phone", "address", "notes")


def register(sub, groups) -> None:  # noqa: ARG001 - the shape every command module has
    c = sub.add_parser("contact", help="the people on a case (POM, COM, psychologists, counsel …)")
    c = c.add_subparsers(dest="contact_command", metavar="ACTION", required=True)

    p = c.add_parser("add", help="add a contact to a client, or to one of the client's matters")
    p.add_argument("--client", type=int, help="the client (or give --matter)")
    p.add_argument("--matter", type=int, help="a matter of the client (alone: the contact is its client's)")
    p.add_argument("--name", required=True)
    p.add_argument("--role", required=True, help=_ROLES)
    _details(p)
    p.set_defaults(func=cmd_add)

    p = c.add_parser("list", help="a client's contacts, or a matter's (its own and the client's general)")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--client", type=int)
    g.add_argument("--matter", type=int)
    p.set_defaults(func=cmd_list)

    p = c.add_parser("show", help="one contact")
    p.add_argument("id", type=int, metavar="ID")
    p.set_defaults(func=cmd_show)

    p = c.add_parser("update", help="change a contact's details, role or matter")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--name")
    p.add_argument("--role", help=_ROLES)
    _details(p)
    g = p.add_mutually_exclusive_group()
    g.add_argument("--matter", type=int, help="make it the contact of this matter (of the same client)")
    g.add_argument("--no-matter", dest="no_matter", action="store_true",
                   help="make it a general contact of the client (no matter)")
    p.set_defaults(func=cmd_update)

    p = c.add_parser("remove", help="delete a contact")
    p.add_argument("id", type=int, metavar="ID")
    p.set_defaults(func=cmd_remove)


def _details(p) -> None:
    p.add_argument("--organisation", help="e.g. the prison, probation office, chambers")
    p.add_argument("--email", help="secure email where there is one")
    p.add_argument("--phone", help="digits, spaces and + ( ) - only")
    p.add_argument("--address")
    p.add_argument("--notes")


def contact_json(c) -> dict:
    return {**CONTACTS.to_json(c), "role_label": c.role_label}


def _line(c) -> str:
    where = f"matter {c.matter_id}" if c.matter_id is not None else "client"
    reach = "  ".join(x for x in (c.email, c.phone) if x)
    org = f" ({c.organisation})" if c.organisation else ""
    return f"{c.id:>5}  {c.role_label:<36} {c.name}{org}  [{where}]" + (f"  {reach}" if reach else "")


# ---------------------------------------------------------------------------- commands
def cmd_add(args, ctx) -> int:
    if args.client is None and args.matter is None:
        raise BadInput("say whose contact it is: --client ID or --matter ID")
    svc = ctx.services()
    fields = {k: getattr(args, k) for k in ("organisation", "email", "phone", "address", "notes")
              if getattr(args, k) is not None}
    cid = svc.contacts.add(args.client, name=args.name, role=args.role, matter_id=args.matter, **fields)
    ctx.emit({"id": cid}, f"Added contact {cid}.")
    return 0


def cmd_list(args, ctx) -> int:
    svc = ctx.services()
    if args.matter is not None:
        found = svc.contacts.list_for_matter(args.matter)
    else:
        found = svc.contacts.list_for_client(args.client)
    ctx.emit([contact_json(c) for c in found], "\n".join(_line(c) for c in found) or "No contacts.")
    return 0


def cmd_show(args, ctx) -> int:
    c = ctx.services().contacts.get(args.id)
    lines = [_line(c)]
    for label, value in (("Email", c.email), ("Phone", c.phone), ("Address", c.address), ("Notes", c.notes)):
        if value:
            lines.append(f"       {label}: " + value.replace("\n", ", "))
    ctx.emit(contact_json(c), "\n".join(lines))
    return 0


def cmd_update(args, ctx) -> int:
    svc = ctx.services()
    fields = {k: getattr(args, k) for k in _TEXT_FIELDS if getattr(args, k) is not None}
    if args.matter is not None:
        fields["matter_id"] = args.matter
    elif args.no_matter:
        fields["matter_id"] = None
    if not fields:
        raise BadInput("nothing to change: give --name, --role, --organisation, --email, --phone, --address, "
                       "--notes, --matter or --no-matter")
    changed = svc.contacts.update(args.id, **fields)
    c = svc.contacts.get(args.id)
    said = ", ".join(sorted(changed)) + " changed." if changed else "nothing changed."
    ctx.emit({**contact_json(c), "changed": sorted(changed)}, f"Contact {c.id}: {said}")
    return 0


def cmd_remove(args, ctx) -> int:
    ctx.services().contacts.remove(args.id)
    ctx.emit({"id": args.id, "removed": True}, f"Removed contact {args.id}.")
    return 0
