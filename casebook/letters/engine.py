"""Render a Word template (docxtpl tags) with a letter context, inside a Jinja2 sandbox with limits.

A template is a document the firm (or anyone who sends them one) can edit, so it is treated as
untrusted code:

* **The sandbox.** Every part (body, headers, footers, footnotes, document properties) is rendered by an
  :class:`~jinja2.sandbox.ImmutableSandboxedEnvironment` with autoescape on: no attribute or item
  starting with ``_`` (so no ``''.__class__.__mro__``, ``__subclasses__``, ``cycler.__init__.__globals__``,
  ``self._TemplateReference__context``), no mutation of the data, no loader (so ``{% include %}``,
  ``{% import %}`` and ``{% extends %}`` cannot read a file), no ``lipsum``; the context holds plain
  values only (:mod:`casebook.letters.context`). Values are escaped as XML: a client's name cannot
  become markup.
* **Limits** (:class:`Limits`). A template cannot loop forever or expand hugely: each loop's iterable
  is wrapped (the template's syntax tree is rewritten when parsed) so every iteration counts against a
  total and checks the time budget; ``range()`` is capped; every call, filter and arithmetic operator
  checks the budget, refuses numbers too large to be a sensible width or count, refuses beforehand an
  operation whose result would be too large (a string padded, repeated, replaced, formatted, joined or
  serialised), and counts what it makes; every output statement counts what it writes (so text built
  inside macros, ``{% filter %}`` and ``{% set %}`` blocks is counted too), and each part's output is
  counted as it streams. Sizes count a shared item once per reference, so ``[a] * 1000`` cannot
  amplify ``a`` unseen. Crossing a limit stops the render at once. Compiled template parts are cached
  by the hash of their source (rendering a template again skips Jinja's compile).

Any failure is a :class:`LetterError` (a :class:`~casebook.errors.BadInput`, exit 1) with one line that
never quotes client data; nothing is written (the engine returns bytes; writers write only on success).
"""

from __future__ import annotations

import io
import re
import threading
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError, UndefinedError, nodes, pass_context
from jinja2.environment import Template as _JinjaTemplate
from jinja2.exceptions import SecurityError, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace
from jinja2.visitor import NodeTransformer
from markupsafe import Markup

from casebook.errors import BadInput
from casebook.letters import wordml


class LetterError(BadInput):
    """A template that cannot be rendered: unreadable, invalid, unsafe, or over a limit. One line."""


@dataclass(frozen=True)
class Limits:
    #: Wall time for the whole render (every part), in seconds.
    seconds: float = 10.0
    #: Loop iterations in total, over every loop of every part.
    iterations: int = 250_000
    #: The largest ``range()``.
    range_max: int = 10_000
    #: The largest number given to a call or filter (a width, a count …).
    number_max: int = 10_000
    #: Characters (or items) made by calls, filters and operators, in total.
    made_max: int = 20_000_000
    #: Characters of output, in total over every part.
    output_max: int = 50_000_000
    #: The template file: compressed size and the total of its parts uncompressed.
    file_max: int = 25 * 1024 * 1024
    unpacked_max: int = 200 * 1024 * 1024


DEFAULT_LIMITS = Limits()


class _Stop(Exception):
    """A limit was crossed (the message is the user's)."""


class _Budget:
    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.deadline = time.monotonic() + limits.seconds
        self.iterations = 0
        self.made = 0
        self.output = 0
        self._ticks = 0
        self.known: dict[int, int] = {}

    def tick(self) -> None:
        self._ticks += 1
        if self._ticks & 63 == 0 and time.monotonic() > self.deadline:
            raise _Stop(
                f"the template took longer than {self.limits.seconds:g} seconds to render "
                "(a loop that never ends?); stopped"
            )

    def iteration(self) -> None:
        self.iterations += 1
        if self.iterations > self.limits.iterations:
            raise _Stop(f"the template's loops ran more than {self.limits.iterations:,} times; stopped")
        self.tick()

    def make(self, n: int) -> None:
        self.made += n
        if self.made > self.limits.made_max:
            raise _Stop(
                f"the template builds too much text (over {self.limits.made_max:,} characters); stopped"
            )
        self.tick()

    def emit(self, n: int) -> None:
        self.output += n
        if self.output > self.limits.output_max:
            raise _Stop(f"the letter would be larger than {self.limits.output_max:,} characters; stopped")
        self.tick()

    def seed(self, context: Any) -> None:
        """Work out the size of every list and dict of the context once (they live as long as the render,
        so their ids stay theirs): a filter over ``chronology`` need not walk it again."""
        cap = self.limits.made_max * 4

        def visit(v: Any) -> int:
            if isinstance(v, dict):
                size = (
                    2 * len(v)
                    + sum(len(k) if isinstance(k, str) else 8 for k in v)
                    + sum(visit(x) for x in v.values())
                )
            elif isinstance(v, list):
                size = len(v) + sum(visit(x) for x in v)
            else:
                return _deep_size(v, self.known, cap)
            self.known[id(v)] = size
            return size

        visit(context)

    def size(self, value: Any) -> int:
        return _deep_size(value, self.known, self.limits.made_max + 1)

    def check_text(self, value: Any) -> None:
        """Refuse a value whose text (printed, joined or serialised) would be over what is left of the
        budget — before anything makes that text. Not charged: only what is made is."""
        if (
            isinstance(value, (list, tuple, dict, set, frozenset, Namespace))
            and self.made + self.size(value) > self.limits.made_max
        ):
            raise _Stop(
                f"the template builds too much text (over {self.limits.made_max:,} characters); stopped"
            )

    def number(self, value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return
        if abs(value) > self.limits.number_max:
            raise _Stop(
                f"the template uses a number over {self.limits.number_max:,} as a size or count; refused"
            )


def _shallow(value: Any) -> int:
    """What a result costs to hold: its characters, or its number of items (they are references)."""
    if isinstance(value, (str, bytes, list, tuple, dict, set, frozenset)):
        return len(value)
    return 0


def _deep_size(value: Any, known: dict[int, int], cap: int) -> int:
    """How much text ``value`` stands for once printed or serialised, counting every reference to a shared
    item again (``[a] * 1000`` is a thousand ``a``), without making that text; stops counting past
    ``cap``. ``known``: sizes already worked out, by ``id``."""
    total = 0
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, (str, bytes)):
            total += len(v)
        elif v is None or isinstance(v, (bool, int, float)):
            total += 8
        else:
            size = known.get(id(v))
            if size is not None:
                total += size
            elif isinstance(v, dict):
                total += 2 * len(v)
                stack.extend(v.keys())
                stack.extend(v.values())
            elif isinstance(v, (list, tuple, set, frozenset)):
                total += len(v)
                stack.extend(v)
            elif isinstance(v, Namespace):
                stack.append(dict(v._Namespace__attrs))  # noqa: SLF001 - a namespace prints its attributes
            elif isinstance(v, range):
                total += 8 * len(v)
            else:
                total += 64
        if total > cap:
            return total
    return total


# Widths and precisions in format strings: "%099999d", "{:>99999}", "{:.99999f}".
_FORMAT_NUMBERS = re.compile(r"(?:%[-+ #0]*|\{[^{}]*:[^{}]*?)(\d{4,})|\.(\d{4,})")


def _check_format(budget: _Budget, fmt: Any) -> None:
    if isinstance(fmt, str):
        for m in _FORMAT_NUMBERS.finditer(fmt):
            budget.number(int(m.group(1) or m.group(2)))


_EXPANDING = {
    "center",
    "ljust",
    "rjust",
    "zfill",
    "indent",
    "expandtabs",
    "wordwrap",
    "replace",
    "format",
    "format_map",
    "join",
    "do_center",
    "do_indent",
    "do_wordwrap",
    "do_replace",
    "do_format",
    "do_join",
    "truncate",
    "do_truncate",
}


def _precheck(budget: _Budget, name: str, subject: Any, args: tuple, kwargs: dict) -> None:
    """Refuse, before it runs, a string operation whose result would be over the budget."""
    name = name.removeprefix("do_")
    values = [*args, *kwargs.values()]
    numbers = [abs(int(v)) for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    n = max(numbers, default=0)
    size = budget.size(subject)
    if name in ("center", "ljust", "rjust", "zfill", "truncate"):
        est = size + n
    elif name == "indent":
        est = size + n * ((subject.count("\n") + 1) if isinstance(subject, str) else 1)
    elif name == "expandtabs":
        est = size + n * (subject.count("\t") if isinstance(subject, str) else 1)
    elif name == "wordwrap":
        est = 2 * size + n
    elif name == "replace":
        strs = [v for v in values if isinstance(v, str)]
        old, new = (strs + ["", ""])[:2]
        hits = (subject.count(old) if old else size + 1) if isinstance(subject, str) else 0
        est = size + hits * max(len(new) - len(old), 0)
    elif name in ("format", "format_map"):
        _check_format(budget, subject)
        fields = subject.count("{") + subject.count("%") if isinstance(subject, str) else 1
        biggest = max([budget.size(v) for v in values] + [0])
        est = size + fields * (biggest + n)
    elif name == "join":
        items = subject if isinstance(subject, (list, tuple)) else []
        sep = next((v for v in values if isinstance(v, str)), "")
        est = budget.size(items) + len(sep) * len(items)
    else:
        return
    if budget.made + est > budget.limits.made_max:
        raise _Stop(
            f"the template builds too much text (over {budget.limits.made_max:,} characters); stopped"
        )


def _markup_join(*parts: Any) -> Any:
    from jinja2.runtime import markup_join

    return markup_join(parts)


class _Guards(NodeTransformer):
    """The rewrite that puts the budget into a template's syntax tree:

    * ``a ~ b`` → ``environment.guard_concat(a, b)`` (its size counted before it is made);
    * every output statement counts what it writes — its static text and each value — so text built
      where the streamed output cannot see it (a macro's body, ``{% filter %}`` and ``{% set %}`` blocks,
      ``caller()``) is counted too, and every output in a loop checks the time budget.
    """

    def visit_Output(self, node: nodes.Output) -> nodes.Node:  # noqa: N802 - Jinja's visitor naming
        self.generic_visit(node)
        static = sum(len(child.data) for child in node.nodes if isinstance(child, nodes.TemplateData))
        out: list[nodes.Expr] = []
        if static:
            out.append(
                nodes.Call(
                    nodes.EnvironmentAttribute("guard_static"),
                    [nodes.Const(static)],
                    [],
                    None,
                    None,
                    lineno=node.lineno,
                )
            )
        for child in node.nodes:
            if isinstance(child, nodes.TemplateData):
                out.append(child)
            else:
                out.append(
                    nodes.Call(
                        nodes.EnvironmentAttribute("guard_value"),
                        [child],
                        [],
                        None,
                        None,
                        lineno=child.lineno,
                    )
                )
        node.nodes = out
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:  # noqa: N802 - Jinja's visitor naming
        self.generic_visit(node)
        return nodes.Call(
            nodes.EnvironmentAttribute("guard_concat"), list(node.nodes), [], None, None, lineno=node.lineno
        )


class _BudgetedTemplate(_JinjaTemplate):
    """A Jinja template whose output is counted (and the time budget checked) as it streams."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        budget: _Budget = self.environment.budget  # type: ignore[attr-defined]
        ctx = self.new_context(dict(*args, **kwargs))
        out: list[str] = []
        try:
            for chunk in self.root_render_func(ctx):
                budget.emit(len(chunk))
                out.append(chunk)
        except Exception:  # noqa: BLE001 - Jinja's own handling: re-raised with the template's traceback
            self.environment.handle_exception()
        return "".join(out)


#: Compiled template parts by the hash of their source (oldest dropped first).
_CODE_CACHE: dict[str, Any] = {}
_CODE_LOCK = threading.Lock()  # the app may render in a worker thread
_CODE_CACHE_SIZE = 128


class LetterEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox every template part renders in; one per render (it holds that render's budget)."""

    template_class = _BudgetedTemplate
    intercepted_binops = frozenset({"*", "**", "%", "+", "//", "/"})

    def __init__(self, limits: Limits = DEFAULT_LIMITS) -> None:
        super().__init__(autoescape=True, loader=None, keep_trailing_newline=True)
        self.budget = _Budget(limits)
        self.globals.pop("lipsum", None)
        self.globals["range"] = self._range
        self.globals.update(HELPERS)
        self.filters = {name: self._guarded_filter(f) for name, f in self.filters.items()}
        self.filters.update(FILTERS)

    # ---------------------------------------------------------------- compiling (cached)
    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:  # noqa: A002
        """Compile ``source`` once per process: the code object is kept (by the source's hash) and bound
        to this render's environment, so a template rendered again skips Jinja's parse and compile. The
        code does not depend on the limits or the budget (they live on the environment)."""
        import hashlib

        key = hashlib.sha256(str(source).encode("utf-8", "surrogatepass")).hexdigest()
        with _CODE_LOCK:
            code = _CODE_CACHE.get(key)
        if code is None:
            code = self.compile(source)
            with _CODE_LOCK:
                _CODE_CACHE[key] = code
                while len(_CODE_CACHE) > _CODE_CACHE_SIZE:
                    _CODE_CACHE.pop(next(iter(_CODE_CACHE)))
        cls = template_class or self.template_class
        return cls.from_code(self, code, self.make_globals(globals), None)

    # ---------------------------------------------------------------- loops
    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = _Guards().visit(super()._parse(source, name, filename))
        for loop in tree.find_all(nodes.For):
            loop.iter = nodes.Call(
                nodes.EnvironmentAttribute("guard_loop"), [loop.iter], [], None, None, lineno=loop.lineno
            )
        return tree

    def guard_loop(self, iterable: Any):
        budget = self.budget
        if isinstance(iterable, (str, bytes)) and len(iterable) > budget.limits.range_max:
            raise _Stop("the template loops over a very long text; refused")
        for item in iterable:
            budget.iteration()
            yield item

    def guard_static(self, n: int) -> str:
        self.budget.make(n)
        return ""

    def guard_value(self, value: Any) -> Any:
        self.budget.make(self.budget.size(value))
        return value

    def guard_concat(self, *parts: Any) -> Any:
        self.budget.make(sum(self.budget.size(p) for p in parts))
        return _markup_join(*parts)

    def _range(self, *args: Any) -> range:
        rng = range(*args)
        if len(rng) > self.budget.limits.range_max:
            raise _Stop(
                f"the template asks for a range of more than {self.budget.limits.range_max:,} "
                "numbers; refused"
            )
        return rng

    # ---------------------------------------------------------------- calls, filters, operators
    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        budget = __self.budget
        budget.tick()
        for value in (*args, *kwargs.values()):
            budget.number(value)
        for value in (getattr(__obj, "__self__", None), *args, *kwargs.values()):
            budget.check_text(value)
        name = getattr(__obj, "__name__", "")
        if name in _EXPANDING:
            _precheck(budget, name, getattr(__obj, "__self__", None), args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        budget.make(_shallow(result))
        return result

    def _guarded_filter(self, func: Any) -> Any:
        import functools

        env = self

        @functools.wraps(func)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            budget = env.budget
            budget.tick()
            for value in (*args[1:], *kwargs.values()):
                if not hasattr(value, "environment"):  # the context or environment passed by Jinja
                    budget.number(value)
            for value in (*args, *kwargs.values()):
                budget.check_text(value)
            if getattr(func, "__name__", "") in _EXPANDING:
                subject = next((a for a in args if isinstance(a, (str, list, tuple))), None)
                rest = tuple(
                    a
                    for a in args
                    if a is not subject and not hasattr(a, "environment") and not hasattr(a, "autoescape")
                )
                _precheck(budget, func.__name__, subject, rest, kwargs)
            result = func(*args, **kwargs)
            budget.make(_shallow(result))
            return result

        return guarded

    def wrap_str_format(self, value: Any) -> Any:
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            _check_format(self.budget, value.__self__)
        return wrapped

    def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
        """An unsafe attribute is refused at once (not an undefined value that prints as nothing)."""
        raise SecurityError(f"access to attribute {attribute!r} of {type(obj).__name__!r} object is unsafe")

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        budget = self.budget
        budget.tick()
        if operator == "**":
            for v in (left, right):
                if isinstance(v, (int, float)) and not isinstance(v, bool) and abs(v) > 1000:
                    raise _Stop("the template raises a number to a huge power; refused")
        elif operator == "*":
            seq, n = (left, right) if isinstance(left, (str, list, tuple)) else (right, left)
            if isinstance(n, int) and isinstance(seq, (str, list, tuple)):
                budget.make(budget.size(seq) * max(n, 0))
            elif (
                isinstance(left, int)
                and isinstance(right, int)
                and left.bit_length() + right.bit_length() > 4096
            ):
                raise _Stop("the template multiplies numbers that are too large; refused")
        elif operator == "%":
            _check_format(budget, left)
            if isinstance(left, str):
                budget.make(len(left) + budget.size(right))
        elif operator == "+":
            budget.make(_shallow(left) + _shallow(right))
        return super().call_binop(context, operator, left, right)


# ---------------------------------------------------------------------------- template helpers
_COLOUR = re.compile(r"^#?[0-9A-Fa-f]{6}$")
_STYLE = re.compile(r"^[\w .\-]{1,60}$")


def rich(
    text: Any = "",
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    colour: str | None = None,
    size: int | None = None,
    style: str | None = None,
    strike: bool = False,
) -> Any:
    """A run of formatted text for ``{{r rich(x, bold=true) }}`` (docxtpl RichText). ``colour`` is
    ``#RRGGBB``, ``size`` in points, ``style`` a character style of the template."""
    from docxtpl import RichText

    kwargs: dict[str, Any] = {"bold": bool(bold), "italic": bool(italic), "strike": bool(strike)}
    if underline:
        kwargs["underline"] = True
    if colour:
        if not _COLOUR.match(str(colour)):
            raise _Stop("rich(): colour must be like #1F3864")
        kwargs["color"] = str(colour).lstrip("#")
    if size:
        if not isinstance(size, (int, float)) or not 4 <= size <= 96:
            raise _Stop("rich(): size must be a number of points from 4 to 96")
        kwargs["size"] = int(size * 2)
    if style:
        if not _STYLE.match(str(style)):
            raise _Stop("rich(): style must be the name of a character style")
        kwargs["style"] = str(style)
    return RichText("" if text is None else str(text), **kwargs)


def _source(item: dict) -> str:
    cites = item.get("citations") or []
    if cites:
        return "; ".join(cites)
    src = item.get("source") or ""
    page = item.get("page") or ""
    return f"{src}, p.{page}" if src and page else src or (f"p.{page}" if page else "")


@pass_context
def chronology_table(ctx: Any, items: Any = None, material_only: bool = False) -> Markup:
    """The chronology as a table (date, event, what happened, source, disputed?)."""
    items = ctx.get("chronology", []) if items is None else items
    if material_only:
        items = [e for e in items if isinstance(e, dict) and e.get("material")]
    rows = [
        [
            e.get("date", ""),
            e.get("type_label", ""),
            e.get("text", ""),
            _source(e),
            "" if e.get("disputed") in ("undisputed", "", None) else e.get("disputed_label", ""),
        ]
        for e in items or ()
        if isinstance(e, dict)
    ]
    return wordml.table_xml(
        ("Date", "Event", "Detail", "Source", "Disputed"),
        rows,
        (26, 30, 64, 30, 20),
        empty="No chronology entries.",
    )


@pass_context
def challenges_table(ctx: Any, items: Any = None) -> Markup:
    """The schedule of challenges: assertion, where, ground, correct position, status and steps."""
    items = ctx.get("challenges", []) if items is None else items
    rows = []
    for c in items or ():
        if not isinstance(c, dict):
            continue
        where = _source(c)
        if c.get("paragraph") and not c.get("citations"):
            where += f" ¶{c['paragraph']}"
        steps = "\n".join(
            f"{s.get('step_label', '')} ({s.get('date', '')})"
            for s in c.get("steps") or ()
            if isinstance(s, dict)
        )
        status = c.get("status_label", "")
        if c.get("next_due"):
            status += f"\nNext: {c['next_due']}"
        rows.append(
            [
                c.get("assertion", ""),
                where,
                c.get("ground_label", ""),
                c.get("position", ""),
                status + (f"\n{steps}" if steps else ""),
            ]
        )
    return wordml.table_xml(
        ("Assertion", "Where", "Ground", "Correct position", "Status"),
        rows,
        (38, 26, 24, 52, 30),
        empty="No challenges recorded.",
    )


@pass_context
def evidence_table(ctx: Any, items: Any = None) -> Markup:
    """The evidence index: date, kind, what it is, the risk factors it answers, source."""
    items = ctx.get("evidence", []) if items is None else items
    rows = []
    for e in items or ():
        if not isinstance(e, dict):
            continue
        when = e.get("date", "") + (f" – {e['to_date']}" if e.get("to_date") else "")
        rows.append(
            [when, e.get("kind_label", ""), e.get("title", ""), "; ".join(e.get("factors") or ()), _source(e)]
        )
    return wordml.table_xml(
        ("Date", "Kind", "Evidence", "Risk factors addressed", "Source"),
        rows,
        (26, 28, 50, 36, 30),
        empty="No evidence recorded.",
    )


@pass_context
def key_dates_table(ctx: Any, items: Any = None) -> Markup:
    """Key dates: the prison's date beside ours, differences flagged."""
    items = ctx.get("key_dates", []) if items is None else items
    rows = [
        [
            f"{k.get('label', '')} ({k.get('code', '')})",
            k.get("prison", "") or "—",
            k.get("ours", "") or "—",
            ("DIFFERS. " if k.get("differs") else "") + str(k.get("note", "")),
        ]
        for k in items or ()
        if isinstance(k, dict)
    ]
    return wordml.table_xml(
        ("Date", "Prison's calculation", "Our calculation", "Note"),
        rows,
        (50, 32, 32, 56),
        empty="No release dates recorded.",
    )


@pass_context
def deadlines_table(ctx: Any, items: Any = None, include_done: bool = False) -> Markup:
    """Deadlines: what, due, rule (done ones only with ``include_done``)."""
    items = ctx.get("deadlines", []) if items is None else items
    rows = [
        [
            d.get("title", ""),
            d.get("due", ""),
            d.get("citation", ""),
            "Done" if d.get("done") else ("Overdue" if d.get("overdue") else "Open"),
        ]
        for d in items or ()
        if isinstance(d, dict) and (include_done or not d.get("done"))
    ]
    return wordml.table_xml(
        ("Deadline", "Due", "Rule", "Status"), rows, (60, 28, 62, 20), empty="No deadlines."
    )


def table(header: Any, rows: Any, widths: Any = None) -> Markup:
    """Any table: ``{{p table(["Name", "Date"], [[a, b], …], [100, 70]) }}`` (widths in mm)."""
    header = [str(h) for h in list(header or ())[: TABLE_MAX_COLUMNS + 1]]
    rows = [r for r in rows or () if isinstance(r, (list, tuple))]
    if not header or len(header) > TABLE_MAX_COLUMNS:
        raise _Stop(f"table(): give from 1 to {TABLE_MAX_COLUMNS} column headings")
    if len(rows) * len(header) > TABLE_MAX_CELLS:
        raise _Stop(f"table(): more than {TABLE_MAX_CELLS:,} cells; refused")
    body = [["" if c is None else str(c) for c in r[: len(header)]] for r in rows]
    w = None
    if widths:
        try:
            w = [min(max(float(x), 1.0), 500.0) for x in list(widths)[: len(header)]]
        except (TypeError, ValueError):
            raise _Stop("table(): widths must be numbers of millimetres") from None
    return wordml.table_xml(header, body, w)


def join_and(items: Any, last: str = "and") -> str:
    """``["a", "b", "c"]`` → "a, b and c"."""
    items = [str(i) for i in items or () if str(i)]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


#: Word's own limit on columns, and a limit on a table's cells.
TABLE_MAX_COLUMNS = 63
TABLE_MAX_CELLS = 100_000

HELPERS: dict[str, Any] = {
    "rich": rich,
    "table": table,
    "chronology_table": chronology_table,
    "challenges_table": challenges_table,
    "evidence_table": evidence_table,
    "key_dates_table": key_dates_table,
    "deadlines_table": deadlines_table,
}
FILTERS: dict[str, Any] = {"join_and": join_and}
#: Names a template may use besides the context's.
HELPER_NAMES = frozenset(HELPERS) | {
    "range",
    "dict",
    "cycler",
    "joiner",
    "namespace",
    "loop",
    "self",
    "caller",
    "varargs",
    "kwargs",
}


# ---------------------------------------------------------------------------- rendering
def _load(template: str | Path | bytes, limits: Limits) -> bytes:
    if isinstance(template, (str, Path)):
        path = Path(template)
        try:
            if path.stat().st_size > limits.file_max:
                raise LetterError("the template file is too large to be a letter template")
            data = path.read_bytes()
        except FileNotFoundError:
            raise LetterError("the template file does not exist; check the path") from None
        except IsADirectoryError:
            raise LetterError("that is a folder; give the template's .docx file") from None
        except OSError:
            raise LetterError("the template file cannot be read (permission denied?)") from None
    else:
        data = bytes(template)
    if len(data) > limits.file_max:
        raise LetterError("the template file is too large to be a letter template")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = z.namelist()
            if "word/document.xml" not in names:
                raise LetterError("the template is not a Word (.docx) document; save it from Word as .docx")
            if sum(i.file_size for i in z.infolist()) > limits.unpacked_max:
                raise LetterError("the template unpacks to far more than a letter should; refused")
    except zipfile.BadZipFile:
        raise LetterError(
            "the template is not a Word (.docx) document (a .doc or a damaged file?); "
            "save it from Word as .docx"
        ) from None
    return data


def _open(data: bytes):
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(io.BytesIO(data))
    try:
        tpl.init_docx()
    except Exception:  # noqa: BLE001 - python-docx raises many kinds for a damaged package
        raise LetterError("the template is a damaged Word document; open and save it again in Word") from None
    return tpl


def describe(exc: BaseException) -> str:
    """One line for a template failure, never quoting client data."""
    if isinstance(exc, _Stop):
        return str(exc)
    if isinstance(exc, SecurityError):
        return (
            "the template tries to reach something a letter template may not use "
            f"({_first_line(exc)}); refused"
        )
    if isinstance(exc, TemplateSyntaxError):
        return f"the template has an error in a tag: {_first_line(exc)} (run 'casebook letter lint' on it)"
    if isinstance(exc, UndefinedError):
        return (
            f"the template uses a field that is not in the letter context: {_first_line(exc)} "
            "(run 'casebook letter lint' on it)"
        )
    if isinstance(exc, RecursionError):
        return "the template calls itself without end (a macro that recurses forever?); stopped"
    if isinstance(exc, MemoryError):
        return "the template needs more memory than a letter should; stopped"
    if isinstance(exc, TypeError) and "loader" in str(exc):
        return (
            "the template cannot be rendered ({% include %}, {% import %} and {% extends %} are not "
            "available in letter templates)"
        )
    if isinstance(exc, TemplateError):
        name = "include/import/extends" if "loader" in str(exc) else type(exc).__name__
        return f"the template cannot be rendered ({name} is not available in letter templates)"
    return f"the template cannot be rendered ({type(exc).__name__} in a tag or filter)"


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "message", None) or exc)
    return (text.splitlines() or [""])[0][:200]


def render(template: str | Path | bytes, context: dict[str, Any], *, limits: Limits | None = None) -> bytes:
    """The rendered .docx bytes of ``template`` (a path or the file's bytes) with ``context``.

    Raises :class:`LetterError` for anything wrong with the template; nothing is written anywhere."""
    limits = limits or DEFAULT_LIMITS
    data = _load(template, limits)
    tpl = _open(data)
    env = LetterEnvironment(limits)
    env.budget.seed(context)
    try:
        tpl.render(context, jinja_env=env, autoescape=True)
        buf = io.BytesIO()
        tpl.save(buf)
    except LetterError:
        raise
    except Exception as exc:  # noqa: BLE001 - every failure of a template becomes one line
        raise LetterError(describe(exc)) from None
    out = buf.getvalue()
    if len(out) > limits.output_max:
        raise LetterError("the letter would be larger than a letter should be; stopped")
    return out


__all__ = [
    "DEFAULT_LIMITS",
    "FILTERS",
    "HELPERS",
    "HELPER_NAMES",
    "LetterEnvironment",
    "LetterError",
    "Limits",
    "describe",
    "render",
]
