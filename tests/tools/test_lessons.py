"""tools.lessons: the repository model that every tool and test reads."""

import ast
import tomllib

import nbformat
import pytest

from tools import lessons


def test_lessons_are_the_numbered_notebooks_in_catalogue_order():
    found = lessons.lessons()
    assert found, "no notebooks/NN_*.ipynb"
    assert [p.name for p in found] == sorted(p.name for p in found)
    assert all(lessons.LESSON_NAME.match(p.name) for p in found)
    assert lessons.COPIES not in [p.parent for p in found]


def test_number_and_lesson_find_each_other():
    for path in lessons.lessons():
        assert lessons.lesson(lessons.number(path)) == path
        assert lessons.lesson(int(lessons.number(path))) == path


def test_number_rejects_a_name_that_is_not_a_lesson():
    with pytest.raises(ValueError, match="NN_slug.ipynb, got 'notes.ipynb'"):
        lessons.number("notebooks/notes.ipynb")


def test_lesson_with_an_unknown_number_says_which():
    with pytest.raises(LookupError, match="no single lesson numbered 98"):
        lessons.lesson(98)


def test_repository_url_comes_from_pyproject():
    project = tomllib.loads((lessons.ROOT / "pyproject.toml").read_text())["project"]
    assert lessons.REPO_URL == project["urls"]["Repository"]
    assert lessons.OWNER_REPO.count("/") == 1


def test_colab_url_and_badge_point_at_the_notebook_on_the_branch():
    path = lessons.lessons()[0]
    url = lessons.colab_url(path)
    assert url == (f"https://colab.research.google.com/github/{lessons.OWNER_REPO}/blob/"
                   f"{lessons.BRANCH}/notebooks/{path.name}")
    assert lessons.colab_badge(path) == f"[![Open In Colab]({lessons.COLAB_BADGE})]({url})"
    assert lessons.colab_url(lessons.student_copy(path)).endswith(f"/exercises/{path.name}")


def test_the_quickest_lessons_exist_and_have_exercises():
    for name in (lessons.QUICKEST, lessons.QUICKEST_TENSORFLOW):
        quickest = lessons.NOTEBOOKS / name
        assert quickest in lessons.lessons()
        assert lessons.BEGIN in quickest.read_text(encoding="utf-8")


def test_the_quickest_lesson_never_loads_tensorflow_and_the_other_one_does():
    def code(name):
        return "\n".join(c.source for c in lessons.read(lessons.NOTEBOOKS / name).cells
                         if c.cell_type == "code")
    quickest = code(lessons.QUICKEST)
    assert "set_seed(0, tensorflow=False)" in quickest
    assert "import_tensorflow" not in quickest and "import tensorflow" not in quickest
    assert "import_tensorflow()" in code(lessons.QUICKEST_TENSORFLOW)


def test_write_or_check_writes_only_what_changed(tmp_path):
    target = tmp_path / "sub" / "file.txt"
    assert lessons.write_or_check(target, "a", check=True) is True and not target.exists()
    assert lessons.write_or_check(target, "a", check=False) is True and target.read_text() == "a"
    before = target.stat().st_mtime_ns
    assert lessons.write_or_check(target, "a", check=False) is False
    assert target.stat().st_mtime_ns == before
    assert lessons.write_or_check(target, "b", check=True) is True and target.read_text() == "a"


def test_notebook_text_is_what_jupyter_saves():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 01 · x")])
    text = lessons.notebook_text(nb)
    assert text.endswith("}\n") and nbformat.reads(text, as_version=4) == nb


def test_relative_links_ignore_urls_and_anchors():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
        "[a](01_x.ipynb#sec) [b](https://x.org/y.ipynb) [c](#here) [d](../data/README.md)")])
    assert lessons.relative_links(nb) == ["01_x.ipynb", "../data/README.md"]


def test_no_other_file_restates_the_lesson_glob_the_markers_or_the_url():
    """The facts are written as literals in one place (the URL in pyproject.toml only)."""
    facts = {lessons.LESSON_GLOB: {"tools/lessons.py"}, lessons.BEGIN: {"tools/lessons.py"},
             lessons.END: {"tools/lessons.py"}, lessons.REPO_URL: set()}
    sources = [p for folder in ("tools", "tests", "helpers", "site")
               for p in (lessons.ROOT / folder).rglob("*.py")] + [lessons.ROOT / "conftest.py"]
    for path in sources:
        literals = {node.value for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                    if isinstance(node, ast.Constant) and isinstance(node.value, str)}
        for fact, allowed in facts.items():
            if fact in literals:
                assert lessons.shown(path) in allowed, f"{lessons.shown(path)} restates {fact!r}"
