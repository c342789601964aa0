"""``letter lint``: what is wrong with a Word template before anyone renders it.

Three kinds of finding, each naming the paragraph (counted from 1 in document order, paragraphs inside
tables included; in a header or footer the finding says so):

* **Jinja errors** — a tag that does not parse (``{% for x in %}``), a block never closed, an unknown
  filter.
* **Fields not in the context** — ``{{ client.nmae }}``, with the nearest real name
  (``did you mean client.name?``). Loop variables are followed (``{% for e in chronology %}`` … ``e.dtae``),
  as are ``{% set %}`` aliases and the attribute names given to ``selectattr``/``map``/``sort``.
* **Tags split across Word runs** — Word stores text in runs; a tag typed in two goes, corrected by the
  spelling checker or partly formatted is stored in pieces (``{{ client.`` + ``name }}``). It may still
  render, but it is fragile and its formatting is undefined: retype it in one go, or select it and clear
  its formatting.

The template is only read (python-docx and Jinja's parser); nothing in it is executed.
"""

from __future__ import annotations

import difflib
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError, nodes

from casebook.letters.context import EXAMPLE

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_OPEN = re.compile(r"\{\{|\{%|\{#")
# docxtpl's own tag prefixes ({%p if %}, {{r x }}, {%tr for %} …) are plain Jinja once removed.
_PREFIX = re.compile(r"(\{[{%])(?:p|r|tr|tc)\s")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class Finding:
    paragraph: int
    message: str
    part: str = "body"  # body | header | footer

    def __str__(self) -> str:
        where = f"paragraph {self.paragraph}"
        if self.part != "body":
            where = f"{self.part} paragraph {self.paragraph}"
        return f"{where}: {self.message}"

    def to_json(self) -> dict[str, Any]:
        return {"paragraph": self.paragraph, "part": self.part, "message": self.message}


# ---------------------------------------------------------------------------- reading the template
def _paragraph_runs(p) -> list[str]:
    """The text of each run of a ``w:p`` element (runs inside hyperlinks and fields included)."""
    runs = []
    for r in p.iter(f"{_W}r"):
        parts = []
        for child in r:
            if child.tag == f"{_W}t":
                parts.append(child.text or "")
            elif child.tag == f"{_W}tab":
                parts.append("\t")
        if parts:
            runs.append("".join(parts))
    return runs


def _parts(path: Path) -> list[tuple[str, list[list[str]]]]:
    """[(part name, [runs of each paragraph])] for the body, then headers and footers."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    from casebook.letters.engine import LetterError

    try:
        doc = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise LetterError("that is not a Word (.docx) document; save it from Word as .docx") from None
    except OSError:
        raise LetterError("the template file cannot be read; check the path") from None
    out = [("body", [_paragraph_runs(p) for p in doc.element.body.iter(f"{_W}p")])]
    seen = set()
    for section in doc.sections:
        for kind, parts in (
            ("header", (section.header, section.first_page_header, section.even_page_header)),
            ("footer", (section.footer, section.first_page_footer, section.even_page_footer)),
        ):
            for hf in parts:
                if hf.is_linked_to_previous:
                    continue
                el = hf._element
                if id(el) in seen:
                    continue
                seen.add(id(el))
                out.append((kind, [_paragraph_runs(p) for p in el.iter(f"{_W}p")]))
    return out


# ---------------------------------------------------------------------------- the schema
class _Any:
    """A value whose shape lint does not know (a macro argument, a helper's result …)."""


ANY = _Any()


def _item(schema: Any) -> Any:
    if isinstance(schema, list):
        return schema[0] if schema else ANY
    return ANY


# ---------------------------------------------------------------------------- the checks
def _split_tags(runs_per_paragraph: list[list[str]], part: str) -> list[Finding]:
    out = []
    for n, runs in enumerate(runs_per_paragraph, start=1):
        text = "".join(runs)
        if "{" not in text:
            continue
        bounds = []
        pos = 0
        for r in runs:
            bounds.append((pos, pos + len(r)))
            pos += len(r)
        covered = 0
        for m in _TAG.finditer(text):
            covered = m.end()
            first = next(i for i, (a, b) in enumerate(bounds) if a <= m.start() < b)
            last = next(i for i, (a, b) in enumerate(bounds) if a < m.end() <= b)
            if last > first:
                tag = " ".join(m.group(0).split())
                out.append(
                    Finding(
                        n,
                        f"the tag {_clip(tag)} is split across {last - first + 1} Word runs "
                        "(typed in pieces or partly formatted); retype it in one go or clear "
                        "its formatting",
                        part,
                    )
                )
        rest = text[covered:]
        dangling = _OPEN.search(rest)
        if dangling:
            out.append(
                Finding(
                    n,
                    f"a tag opens here ({_clip(rest[dangling.start() :])}) but does not close in "
                    "the same paragraph",
                    part,
                )
            )
    return out


def _clip(s: str, n: int = 60) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _source(runs_per_paragraph: list[list[str]]) -> str:
    """The part as Jinja source, one line per paragraph (so a line number is a paragraph number)."""
    lines = []
    for runs in runs_per_paragraph:
        text = "".join(runs).replace("\n", " ")
        text = _TAG.sub(lambda m: _PREFIX.sub(r"\1 ", m.group(0)).translate(_QUOTES), text)
        lines.append(text)
    return "\n".join(lines)


def _text(node: nodes.Node) -> str:
    """An expression as the template wrote it, for a name or a chain of attributes ("" otherwise)."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        base = _text(node.node)
        return f"{base}.{node.attr}" if base else ""
    if (
        isinstance(node, nodes.Getitem)
        and isinstance(node.arg, nodes.Const)
        and isinstance(node.arg.value, str)
    ):
        base = _text(node.node)
        return f"{base}.{node.arg.value}" if base else ""
    return ""


def _nearest(name: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
    return close[0] if close else ""


class _FieldChecker:
    def __init__(self, part: str, helpers: frozenset[str]) -> None:
        self.part = part
        self.helpers = helpers
        self.findings: list[Finding] = []
        self.used: list[str] = []

    def report(self, node: nodes.Node, message: str) -> None:
        f = Finding(getattr(node, "lineno", 0) or 0, message, self.part)
        if f not in self.findings:
            self.findings.append(f)

    # Resolve an expression to (schema, dotted name) — or (ANY, "") when unknown.
    def resolve(self, node: nodes.Node, scope: dict[str, tuple[Any, str]]) -> tuple[Any, str]:
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            if node.name in EXAMPLE:
                self._use(node.name)
                return EXAMPLE[node.name], node.name
            if node.name not in self.helpers:
                near = _nearest(node.name, [*EXAMPLE, *scope])
                hint = f"; did you mean {near}?" if near else ""
                self.report(node, f"'{node.name}' is not a field of the letter context{hint}")
            return ANY, ""
        if isinstance(node, (nodes.Getattr, nodes.Getitem)):
            if isinstance(node, nodes.Getitem):
                if not (isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str)):
                    base, dotted = self.resolve(node.node, scope)
                    self.visit_expr(node.arg, scope)
                    return (_item(base), dotted + "[]") if isinstance(base, list) else (ANY, "")
                attr = node.arg.value
            else:
                attr = node.attr
            base, dotted = self.resolve(node.node, scope)
            if isinstance(base, dict):
                if attr in base:
                    path = f"{dotted}.{attr}" if dotted else attr
                    self._use(path)
                    return base[attr], path
                shown = _text(node.node) or dotted
                near = _nearest(attr, list(base))
                hint = f"; did you mean {shown}.{near}?" if near else f" (its fields: {', '.join(base)})"
                item = (
                    f" ({shown} is an item of {dotted[:-2]})"
                    if dotted.endswith("[]") and shown != dotted
                    else ""
                )
                self.report(node, f"'{shown}.{attr}' is not a field of the letter context{item}{hint}")
            return ANY, ""
        if isinstance(node, nodes.Filter) and node.node is not None:
            base, dotted = self.resolve(node.node, scope)
            self._check_attr_args(node, base, dotted, scope)
            if node.name in (
                "selectattr",
                "rejectattr",
                "sort",
                "reverse",
                "list",
                "unique",
                "select",
                "reject",
            ):
                return base, dotted
            if node.name in ("first", "last", "random") and isinstance(base, list):
                return _item(base), dotted + "[]"
            if node.name == "default" and node.args:
                return base, dotted
            return ANY, ""
        if isinstance(node, nodes.CondExpr):
            self.visit_expr(node.test, scope)
            a = self.resolve(node.expr1, scope)
            if node.expr2 is not None:
                self.visit_expr(node.expr2, scope)
            return a
        self.visit_expr(node, scope)
        return ANY, ""

    def _use(self, dotted: str) -> None:
        if dotted not in self.used:
            self.used.append(dotted)

    def _check_attr_args(
        self, node: nodes.Filter, base: Any, dotted: str, scope: dict[str, tuple[Any, str]]
    ) -> None:
        for arg in node.args:
            if node.name not in ("selectattr", "rejectattr", "groupby"):
                self.visit_expr(arg, scope)
        for kw in node.kwargs:
            self.visit_expr(kw.value, scope)
        names: list[tuple[nodes.Node, str]] = []
        if node.name in ("selectattr", "rejectattr", "groupby") and node.args:
            first = node.args[0]
            if isinstance(first, nodes.Const) and isinstance(first.value, str):
                names.append((first, first.value))
            for arg in node.args[1:]:
                self.visit_expr(arg, scope)
        for kw in node.kwargs:
            if (
                kw.key == "attribute"
                and isinstance(kw.value, nodes.Const)
                and isinstance(kw.value.value, str)
            ):
                names.append((kw.value, kw.value.value))
        item = _item(base)
        if not isinstance(item, dict):
            return
        for _where, name in names:
            head = name.split(".")[0]
            if head not in item:
                near = _nearest(head, list(item))
                hint = f"; did you mean '{near}'?" if near else ""
                self.report(node, f"'{dotted}' items have no field '{head}'{hint}")
            else:
                self._use(f"{dotted}.{head}")

    def visit_expr(self, node: nodes.Node, scope: dict[str, tuple[Any, str]]) -> None:
        if isinstance(node, (nodes.Name, nodes.Getattr, nodes.Getitem, nodes.Filter)):
            if isinstance(node, nodes.Name) and node.ctx != "load":
                return
            self.resolve(node, scope)
            return
        for child in node.iter_child_nodes():
            self.visit_expr(child, scope)

    def visit_body(self, body: list[nodes.Node], scope: dict[str, tuple[Any, str]]) -> None:
        scope = dict(scope)
        for node in body:
            if isinstance(node, nodes.For):
                iter_schema, dotted = self.resolve(node.iter, scope)
                inner = dict(scope)
                self._bind(
                    node.target,
                    _item(iter_schema) if isinstance(iter_schema, list) else ANY,
                    dotted + "[]" if dotted else "",
                    inner,
                )
                inner["loop"] = (ANY, "")
                if node.test is not None:
                    self.visit_expr(node.test, inner)
                self.visit_body(node.body, inner)
                self.visit_body(node.else_, scope)
            elif isinstance(node, nodes.Assign):
                schema = self.resolve(node.node, scope)
                self._bind(node.target, schema[0], schema[1], scope)
            elif isinstance(node, nodes.AssignBlock):
                self.visit_body(node.body, scope)
                self._bind(node.target, ANY, "", scope)
            elif isinstance(node, (nodes.Macro, nodes.CallBlock)):
                inner = dict(scope)
                for arg in getattr(node, "args", []):
                    inner[arg.name] = (ANY, "")
                for d in getattr(node, "defaults", []):
                    self.visit_expr(d, scope)
                if isinstance(node, nodes.CallBlock):
                    self.visit_expr(node.call, scope)
                for name in ("caller", "varargs", "kwargs"):
                    inner[name] = (ANY, "")
                if isinstance(node, nodes.Macro):
                    scope[node.name] = (ANY, "")
                    inner[node.name] = (ANY, "")
                self.visit_body(node.body, inner)
            elif isinstance(node, nodes.With):
                inner = dict(scope)
                for target, value in zip(node.targets, node.values, strict=False):
                    schema = self.resolve(value, scope)
                    self._bind(target, schema[0], schema[1], inner)
                self.visit_body(node.body, inner)
            elif isinstance(node, nodes.If):
                self.visit_expr(node.test, scope)
                self.visit_body(node.body, scope)
                for elif_ in node.elif_:
                    self.visit_expr(elif_.test, scope)
                    self.visit_body(elif_.body, scope)
                self.visit_body(node.else_, scope)
            elif isinstance(node, nodes.Output):
                for child in node.nodes:
                    if not isinstance(child, nodes.TemplateData):
                        self.visit_expr(child, scope)
            elif isinstance(node, nodes.Stmt) and hasattr(node, "body"):
                self.visit_body(node.body, scope)
            else:
                self.visit_expr(node, scope)

    def _bind(self, target: nodes.Node, schema: Any, dotted: str, scope: dict[str, tuple[Any, str]]) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = (schema, dotted)
        elif isinstance(target, nodes.Tuple):
            for t in target.items:
                self._bind(t, ANY, "", scope)
        elif isinstance(target, nodes.NSRef):
            pass


def _env():
    from casebook.letters.engine import LetterEnvironment

    return LetterEnvironment()


def _internal_names(tree, part: str) -> list[Finding]:
    """Uses of a name starting with "_" (``''.__class__``, ``x["__globals__"]``): the sandbox refuses them
    when rendering, so lint says so first."""
    from jinja2 import nodes

    out = []
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        if isinstance(node, nodes.Getattr):
            name = node.attr
        else:
            arg = node.arg
            name = arg.value if isinstance(arg, nodes.Const) and isinstance(arg.value, str) else ""
        if name.startswith("_"):
            out.append(Finding(node.lineno, f"'{name}' is internal to Python: a letter template may not "
                                            "use it (rendering refuses)", part))
    return out


def _check_part(
    env, part: str, runs: list[list[str]], checker_used: list[str] | None = None
) -> list[Finding]:
    from casebook.letters.engine import HELPER_NAMES

    findings = _split_tags(runs, part)
    source = _source(runs)
    if not _OPEN.search(source):
        return findings
    from jinja2.parser import Parser

    try:
        tree = Parser(env, source).parse()  # the plain tree (not the engine's guarded rewrite)
        env.compile(source)  # unknown filters and tests are found when compiling
    except TemplateSyntaxError as exc:
        findings.append(Finding(exc.lineno or 0, f"Jinja error: {_clip(exc.message or str(exc), 160)}", part))
        return findings
    checker = _FieldChecker(part, HELPER_NAMES | frozenset(env.globals))
    checker.visit_body(tree.body, {})
    findings.extend(checker.findings)
    findings.extend(_internal_names(tree, part))
    if checker_used is not None:
        checker_used.extend(u for u in checker.used if u not in checker_used)
    return findings


def lint(path: str | Path) -> list[Finding]:
    """Every finding in the template at ``path``, by part then paragraph (empty: the template is clean)."""
    path = Path(path)
    env = _env()
    out: list[Finding] = []
    for part, runs in _parts(path):
        found = _check_part(env, part, runs)
        out.extend(sorted(found, key=lambda f: f.paragraph))
    return out


def used_fields(path: str | Path) -> list[str]:
    """The context fields the template uses (dotted, ``[]`` for a list's items: ``chronology[].date``),
    in order of first use. Remembered per file (path, size, modification time): the desktop asks on every
    selection of a template."""
    p = Path(path)
    try:
        st = p.stat()
        key = (str(p.resolve()), st.st_size, st.st_mtime_ns)
    except OSError:
        key = None
    if key is not None and key in _USED_CACHE:
        return list(_USED_CACHE[key])
    env = _env()
    used: list[str] = []
    for part, runs in _parts(p):
        _check_part(env, part, runs, used)
    if key is not None:
        if len(_USED_CACHE) > 64:
            _USED_CACHE.clear()
        _USED_CACHE[key] = tuple(used)
    return used


_USED_CACHE: dict[tuple, tuple[str, ...]] = {}


__all__ = ["Finding", "lint", "used_fields"]
