"""Templates: the shipped ones and the firm's folder (setting ``letters.template_folder``), a firm template
overriding the shipped one of the same id; titles and descriptions from the document's properties; which
fields a template uses are empty for a matter."""

from __future__ import annotations

import pytest

from casebook.errors import BadInput, NotFound
from casebook.letters import registry


def test_user_folder_lists_and_overrides(svc, tmp_path, make_template):
    folder = tmp_path / "firm"
    folder.mkdir()
    make_template(
        "Our own {{ client.name }}",
        name="representations.docx",
        folder=folder,
        title="Representations (Example & Co)",
        subject="The firm's own representations",
    )
    make_template("New {{ client.name }}", name="home-visit-note.docx", folder=folder)
    (folder / "~$representations.docx").write_bytes(b"lock file")
    (folder / "notes.txt").write_text("not a template")
    shipped = {t.id: t for t in svc.letters.templates()}
    assert svc.letters.set_template_folder(folder) == folder.resolve()
    found = {t.id: t for t in svc.letters.templates()}
    assert found["representations"].source == "user"
    assert found["representations"].title == "Representations (Example & Co)"
    assert found["representations"].description == "The firm's own representations"
    assert found["home-visit-note"].source == "user" and found["home-visit-note"].title == "Home visit note"
    assert "~$representations" not in found
    assert set(found) == set(shipped) | {"home-visit-note", "representations"}
    assert all(
        t.source == "shipped" for i, t in found.items() if i not in ("representations", "home-visit-note")
    )
    assert svc.letters.template("representations").path == folder / "representations.docx"
    with pytest.raises(BadInput):
        svc.letters.set_template_folder(tmp_path / "missing")
    svc.letters.set_template_folder(None)
    assert {t.id for t in svc.letters.templates()} == set(shipped)
    with pytest.raises(NotFound, match="no letter template"):
        svc.letters.template("home-visit-note")


def test_a_folder_that_has_gone_away_lists_the_shipped_ones(tmp_path):
    assert [t.source for t in registry.templates(tmp_path / "gone")] == ["shipped"] * len(
        registry.templates()
    )


def test_empty_fields(svc, make_template):
    cid = svc.clients.add(name="Ann Example", prison_number="A1234BC")
    mid = svc.matters.add(cid, "parole-review")
    path = make_template(
        "{{ client.name }} {{ client.pnc }} {{ matter.parole_board_ref }}",
        "{% if hearing %}{{ hearing.date }}{% endif %}",
        "{% for e in evidence %}{{ e.title }}{% endfor %} {{ client.prison_number }}",
    )
    assert svc.letters.empty_fields(path, mid) == [
        "client.pnc",
        "matter.parole_board_ref",
        "hearing",
        "evidence",
    ]


def test_where_each_empty_field_is_filled():
    from casebook.services.letters import where_to_fill

    assert [where_to_fill(f) for f in ("client.pnc", "firm.name", "hearing", "evidence", "matter.ppcs_ref",
                                       "key_dates", "challenges", "today")] == [
        "client", "settings", "chronology", "evidence", "matter", "sentences", "challenges", ""]
