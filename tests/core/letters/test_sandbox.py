"""A letter template is untrusted code: it cannot reach Python internals, files or the network, and it
cannot loop forever or expand hugely. Each attempt is refused (or stopped) with one clear line, and
nothing is written."""

from __future__ import annotations

import copy
import time

import pytest

from casebook.errors import BadInput
from casebook.letters.context import EXAMPLE
from casebook.letters.engine import LetterError, Limits, render

ESCAPES = {
    "mro": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "subclasses": "{{ ().__class__.__base__.__subclasses__()[0] }}",
    "dunder item": "{{ ''['__class__'] }}",
    "attr filter": "{{ ''|attr('__class__') }}",
    "format field": "{{ '{0.__class__.__mro__}'.format('') }}",
    "cycler globals": "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "joiner globals": "{{ joiner.__init__.__globals__ }}",
    "template reference": "{{ self._TemplateReference__context }}",
    "namespace internals": "{% set ns = namespace() %}{{ ns.__init__.__globals__ }}",
    "namespace class": "{% set ns = namespace() %}{{ ns.__class__ }}",
    "lipsum globals": "{{ lipsum.__globals__['os'] }}",
    "lipsum call": "{{ lipsum(5) }}",
    "func globals via filter": "{{ (client|attr('items')).__self__ }}",
    "include a file": "{% include '/etc/passwd' %}",
    "import a file": "{% import '/etc/hostname' as h %}{{ h }}",
    "extends a file": "{% extends '/etc/passwd' %}",
    "mutate the data": "{{ client.update({'name': 'x'}) }}",
    "append to a list": "{{ chronology.append(1) }}",
    "config": "{{ config.items() }}",
    "request": "{{ request.application.__globals__ }}",
}


def _ctx() -> dict:
    return copy.deepcopy(EXAMPLE)


@pytest.mark.parametrize("body", ESCAPES.values(), ids=ESCAPES.keys())
def test_sandbox_escapes_are_refused(make_template, body):
    path = make_template("Dear {{ client.name }}", body)
    with pytest.raises(LetterError) as info:
        render(path, _ctx())
    message = str(info.value)
    assert isinstance(info.value, BadInput) and info.value.exit_code == 1
    assert "\n" not in message and message
    # Nothing from the machine leaks into the message.
    for secret in ("root:", "/bin/", "uid=", "<module", "Traceback"):
        assert secret not in message


LIMITS = {
    "nested loops": "{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}{% endfor %}",
    "huge range": "{% for a in range(10**9) %}{% endfor %}",
    "string times a billion": "{{ 'x' * 1000000000 }}",
    "doubling by concatenation": "{% set ns = namespace(s='x') %}{% for i in range(60) %}"
    "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}",
    "doubling by plus": "{% set ns = namespace(s='x') %}{% for i in range(60) %}"
    "{% set ns.s = ns.s + ns.s %}{% endfor %}",
    "list doubling": "{% set ns = namespace(l=[1]) %}{% for i in range(60) %}"
    "{% set ns.l = ns.l * 2 %}{% endfor %}",
    "power tower": "{{ 10 ** 10 ** 10 }}",
    "centre a billion": "{{ 'x'|center(1000000000) }}",
    "ljust a billion": "{{ 'x'.ljust(1000000000) }}",
    "percent width": "{{ '%01000000000d' % 1 }}",
    "format width": "{{ '{:>1000000000}'.format(1) }}",
    "format filter width": "{{ '%0999999999d'|format(1) }}",
    "indent": "{{ 'a\nb'|indent(1000000000) }}",
    "replace blow-up": "{% set s = 'x' * 5000 %}{% set t = 'y' * 5000 %}{{ s|replace('', t) }}",
    "join blow-up": "{% set s = 'x' * 9000 %}{{ range(9000)|join(s) }}",
    "recursion": "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}",
    "output flood": "{% set s = 'x' * 9000 %}{% for i in range(9000) %}{{ s }}{% endfor %}",
    "recursive loop": "{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}",
}


@pytest.mark.parametrize("body", LIMITS.values(), ids=LIMITS.keys())
def test_runaway_templates_are_stopped_quickly(make_template, body):
    path = make_template("Dear {{ client.name }}", body)
    t = time.perf_counter()
    with pytest.raises(LetterError) as info:
        render(path, _ctx())
    assert time.perf_counter() - t < 5
    assert "\n" not in str(info.value)


def test_time_budget_stops_a_long_render(make_template):
    path = make_template(
        "{% for a in range(10000) %}{% for b in range(10000) %}{{ a }}{% endfor %}{% endfor %}"
    )
    t = time.perf_counter()
    with pytest.raises(LetterError, match="longer than 0.3 seconds"):
        render(
            path, _ctx(), limits=Limits(seconds=0.3, iterations=10**12, output_max=10**12, made_max=10**12)
        )
    assert time.perf_counter() - t < 3


def test_values_are_escaped_not_markup(make_template):
    import io

    import docx

    ctx = _ctx()
    ctx["client"]["name"] = 'A & B </w:t></w:r><w:r><w:t>injected <b>"x"</b>'
    out = render(make_template("Name: {{ client.name }}"), ctx)
    text = docx.Document(io.BytesIO(out)).paragraphs[0].text
    assert text == 'Name: A & B </w:t></w:r><w:r><w:t>injected <b>"x"</b>'


def test_legitimate_templates_still_work(make_template):
    import io

    import docx

    path = make_template(
        "{{ client.name|upper }} {{ '%s/%s'|format(client.prison_number, matter.reference) }}",
        "{% for e in chronology if e.material %}{{ loop.index }}. {{ e.date }}{% endfor %}",
        "{% set ns = namespace(n=0) %}{% for c in challenges %}{% set ns.n = ns.n + 1 %}{% endfor %}"
        "{{ ns.n }}",
        "{{ sentences|map(attribute='type_label')|join_and }} {{ range(3)|list|length }}",
        "{{ '{} of {}'.format(1, 2) }} {{ client.name.split(' ')|first }} {{ 'x' ~ 'y' }}",
        "{{r rich(client.name, bold=true, colour='#1F3864', size=12) }}",
        "{{p chronology_table() }}",
        "{{p table(['A', 'B'], [[1, 2], [3, 4]], [100, 70]) }}",
    )
    out = render(path, _ctx())
    d = docx.Document(io.BytesIO(out))
    text = "\n".join(p.text for p in d.paragraphs)
    assert "JOHN SMITH A1234BC/CB/26/1000" in text
    assert "1. 12 October 2026" in text
    assert "Imprisonment for public protection 3" in text
    assert "1 of 2 John xy" in text
    assert len(d.tables) == 2
    assert d.tables[0].rows[1].cells[0].text == "12 October 2026"


def test_rich_refuses_markup_in_its_arguments(make_template):
    path = make_template("{{r rich('x', colour='\"/><w:b/>') }}")
    with pytest.raises(LetterError, match="colour"):
        render(path, _ctx())


def test_a_file_that_is_not_a_template(tmp_path):
    bad = tmp_path / "x.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(LetterError, match="not a Word"):
        render(bad, _ctx())
    with pytest.raises(LetterError, match="does not exist"):
        render(tmp_path / "missing.docx", _ctx())


def test_escaping_template_writes_nothing_through_the_service_and_cli(
    demo_svc, make_template, tmp_path, run_cli, parole_matters
):
    matter = parole_matters[0]
    evil = make_template("{{ ''.__class__.__mro__[1].__subclasses__() }}")
    loop = make_template("{% for a in range(9999) %}{% for b in range(9999) %}{% endfor %}{% endfor %}")
    before = len(demo_svc.audit.entries(limit=100000))
    for path in (evil, loop):
        out = tmp_path / "out.docx"
        with pytest.raises(LetterError):
            demo_svc.letters.write(path, matter, out)
        assert not out.exists()
        assert not list(tmp_path.glob("*.part"))
    assert len(demo_svc.audit.entries(limit=100000)) == before
    demo_svc.close()
    for path in (evil, loop):
        r = run_cli(
            "--file",
            "demo.casebook",
            "letter",
            "render",
            "--template-file",
            str(path),
            "--matter",
            str(matter),
            "-o",
            "cli.docx",
        )
        assert r.returncode == 1, r
        assert r.stderr.count("\n") == 1 and r.stderr.startswith("casebook: the template")
        assert not (tmp_path / "cli.docx").exists()


HIDDEN = {
    "filter block": "{% filter upper %}{% set s = 'x' * 9000 %}{% for i in range(9000) %}{{ s }}{% endfor %}"
    "{% endfilter %}",
    "set block": "{% set s = 'x' * 9000 %}{% set big %}{% for i in range(9000) %}{{ s }}{% endfor %}"
    "{% endset %}{{ big|length }}",
    "macro body": "{% macro m() %}{% set s = 'y' * 9000 %}{% for i in range(9000) %}{{ s }}{% endfor %}"
    "{% endmacro %}{{ m()|length }}",
    "caller": "{% macro m() %}{% for i in range(9000) %}{{ caller() }}{% endfor %}{% endmacro %}"
    "{% call m() %}{{ 'z' * 9000 }}{% endcall %}",
}


@pytest.mark.parametrize("body", HIDDEN.values(), ids=HIDDEN.keys())
def test_text_built_out_of_sight_is_counted(make_template, body):
    path = make_template(body)
    # What is checked is the count of text made, not the clock: a busy machine must not turn this into
    # the wall-time limit's message.
    with pytest.raises(LetterError, match="too much text"):
        render(path, _ctx(), limits=Limits(seconds=600))


SHARED = {
    "multiplied nest": "{% set a = range(10000)|list %}{% set b = [a] * 1000 %}{{ b|tojson }}",
    "literal nest": "{% set a = range(9000)|list %}{% set b = [a, a, a, a, a, a, a, a, a, a] %}"
    "{% set c = [b, b, b, b, b, b, b, b, b, b] %}{% set d = [c, c, c, c, c, c, c, c, c, c] %}"
    "{% set e = [d, d, d, d, d, d, d, d, d, d] %}{{ e|tojson|length }}",
    "printed nest": "{% set a = range(9000)|list %}{% set b = [a, a, a, a, a, a, a, a, a, a] %}"
    "{% set c = [b, b, b, b, b, b, b, b, b, b] %}{% set d = [c, c, c, c, c, c, c, c, c, c] %}"
    "{% set e = [d, d, d, d, d, d, d, d, d, d] %}{{ e }}",
    "namespace nest": "{% set a = range(9000)|list %}{% set b = [a, a, a, a, a, a, a, a, a, a] %}"
    "{% set c = [b, b, b, b, b, b, b, b, b, b] %}{% set d = [c, c, c, c, c, c, c, c, c, c] %}"
    "{% set ns = namespace(x=[d, d, d, d, d, d, d, d, d, d]) %}{{ ns }}",
    "joined nest": "{% set a = range(9000)|list %}{% set b = [a, a, a, a, a, a, a, a, a, a] %}"
    "{% set c = [b, b, b, b, b, b, b, b, b, b] %}{% set d = [c, c, c, c, c, c, c, c, c, c] %}"
    "{{ [d, d, d, d, d, d, d, d, d, d]|join(',') }}",
    "table of shared rows": "{% set r = range(60)|list %}{{p table(r, [r] * 9000) }}",
}


@pytest.mark.parametrize("body", SHARED.values(), ids=SHARED.keys())
def test_shared_references_cannot_amplify(make_template, body):
    path = make_template(body)
    t = time.perf_counter()
    with pytest.raises(LetterError):
        render(path, _ctx())
    assert time.perf_counter() - t < 5


def test_loops_keep_their_jinja_behaviour():
    """The loop guard wraps every loop's iterable; loop.length, loop.last, else and unpacking still work."""
    from casebook.letters.engine import LetterEnvironment

    source = (
        "{% for x in [1, 2, 3] %}{{ loop.index }}/{{ loop.length }}{% if loop.last %}!{% endif %}{% endfor %}"
        "|{% for x in [] %}a{% else %}empty{% endfor %}|{% for a, b in [(1, 2)] %}{{ a }}{{ b }}{% endfor %}"
        "|{% for k, v in {'x': 1}.items() %}{{ k }}{{ v }}{% endfor %}"
        "|{% for x in [3, 1, 2] if x > 1 %}{{ x }}{% endfor %}"
    )
    assert LetterEnvironment().from_string(source).render() == "1/32/33/3!|empty|12|x1|32"
