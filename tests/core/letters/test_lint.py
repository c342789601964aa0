"""``letter lint``: Jinja errors, fields not in the context (with the nearest real name) and tags split across
Word runs, each naming its paragraph; clean templates give nothing (exit 0, nothing printed)."""

from __future__ import annotations

import json

from casebook.letters.lint import lint


def test_misspelt_field_names_its_paragraph_and_the_nearest_name(make_template):
    path = make_template(
        "Dear {{ client.name }}",
        "Prison number: {{ client.prison_nubmer }}",
        "{% for e in chronology %}{{ e.dtae }}{% endfor %}",
        "{{ chronolgy|length }}",
        "{{ chronology|selectattr('materal')|list }}",
    )
    found = [str(f) for f in lint(path)]
    assert found == [
        "paragraph 2: 'client.prison_nubmer' is not a field of the letter context; "
        "did you mean client.prison_number?",
        "paragraph 3: 'e.dtae' is not a field of the letter context (e is an item of chronology); "
        "did you mean e.date?",
        "paragraph 4: 'chronolgy' is not a field of the letter context; did you mean chronology?",
        "paragraph 5: 'chronology' items have no field 'materal'; did you mean 'material'?",
    ]


def test_split_tag_is_found_with_its_paragraph(make_template):
    path = make_template("Dear {{ client.name }}", ["To ", "{{ client.", "name }}", " thanks"])
    found = lint(path)
    assert len(found) == 1 and found[0].paragraph == 2
    assert "split across 2 Word runs" in found[0].message and "{{ client.name }}" in found[0].message


def test_unclosed_tag_and_syntax_errors(make_template):
    path = make_template("{% if client.name %}", "x", "{{ client.name")
    found = [str(f) for f in lint(path)]
    assert any(f.startswith("paragraph 3: a tag opens here") for f in found)
    assert any("Jinja error" in f for f in found)
    assert "endif" in str(lint(make_template("{% if client.name %}", "x"))[0])
    assert [str(f) for f in lint(make_template("a", "{% for x in %}"))] == [
        "paragraph 2: Jinja error: Expected an expression, got 'end of statement block'"
    ]
    assert "No filter named 'nosuch'" in str(lint(make_template("{{ client.name|nosuch }}"))[0])


def test_tables_count_as_paragraphs(make_template, tmp_path):
    import docx

    path = make_template("one", "two")
    d = docx.Document(str(path))
    t = d.add_table(rows=1, cols=2)
    t.rows[0].cells[0].text = "{{ hearing.dat }}"
    d.add_paragraph("{{ matter.titel }}")
    d.save(str(path))
    found = [str(f) for f in lint(path)]
    assert found == [
        "paragraph 3: 'hearing.dat' is not a field of the letter context; did you mean hearing.date?",
        "paragraph 5: 'matter.titel' is not a field of the letter context; did you mean matter.title?",
    ]


def test_clean_template_scopes_and_helpers(make_template):
    path = make_template(
        "{% set c = client %}{{ c.name }} {{ loop_free|default('') if false else '' }}",
        "{% macro row(x) %}{{ x.anything }}{% endmacro %}{% for d in deadlines %}{{ row(d) }}"
        "{{ loop.index }}{% endfor %}",
        "{%p if hearing %}",
        "{{ hearing.date }}",
        "{%p endif %}",
        "{{p chronology_table(material_only=true) }} {{r rich(client.name, bold=true) }}",
        "{% for c in challenges %}{% for s in c.steps %}{{ s.step_label }}{% endfor %}{% endfor %}",
        "{{ (next_deadline or {}).title }} {{ firm.address_lines|join(', ') }}",
    )
    found = [str(f) for f in lint(path)]
    assert found == ["paragraph 1: 'loop_free' is not a field of the letter context"]


def test_lint_cli_exit_codes_and_output(run_cli, make_template, tmp_path):
    clean = make_template("Dear {{ client.name }}", name="clean.docx")
    r = run_cli("letter", "lint", str(clean))
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")
    r = run_cli("letter", "lint", str(clean), "--json")
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")
    bad = make_template("{{ client.nmae }}", ["{{ client", ".name }}"], name="bad.docx")
    r = run_cli("letter", "lint", str(bad))
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    assert len(lines) == 2 and lines[0].startswith("paragraph 1: 'client.nmae'") and "client.name" in lines[0]
    assert lines[1].startswith("paragraph 2: the tag")
    r = run_cli("letter", "lint", str(bad), "--json")
    assert r.returncode == 1
    data = json.loads(r.stdout)
    assert [d["paragraph"] for d in data] == [1, 2] and data[0]["part"] == "body"
    r = run_cli("letter", "lint", str(tmp_path / "missing.docx"))
    assert r.returncode == 1 and r.stdout == "" and r.stderr.count("\n") == 1


def test_shipped_templates_lint_clean():
    from casebook.letters import registry

    for t in registry.templates():
        assert [str(f) for f in lint(t.path)] == [], t.id


def test_findings_in_headers_and_footers_say_so(make_template):
    import docx

    path = make_template("Dear {{ client.name }}")
    d = docx.Document(str(path))
    d.sections[0].header.paragraphs[0].text = "{{ firm.nmae }}"
    d.sections[0].footer.paragraphs[0].text = "Page {{ matter.referense }}"
    d.save(str(path))
    assert [str(f) for f in lint(path)] == [
        "header paragraph 1: 'firm.nmae' is not a field of the letter context; did you mean firm.name?",
        "footer paragraph 1: 'matter.referense' is not a field of the letter context; "
        "did you mean matter.reference?",
    ]
