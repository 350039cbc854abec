"""The course website's own Sphinx extension.

Everything here is read at build time, so that the website follows the lessons as
they are: the lesson list, titles and Colab addresses come from ``tools/lessons.py``
and the notebooks themselves, each lesson's main-path time from its *Before you
start* section, the versions from ``requirements.txt`` and the commit from git.

It adds:

* ``{course-map}``: the course map, a picture drawn with matplotlib (inlined, with
  alt text) and a table with a link, the main-path time and a Colab link per lesson;
* ``{exercise-table}``: per lesson, its exercises and its student copy (Colab, download);
* ``{quickstart}``: the commands that set the course up locally, the README's own;
* ``{lesson}`NN```: a link to lesson NN, titled with its number and title;
* an *Open in Colab* header button on every lesson page, for that page's notebook;
* the lessons' Colab badge drawn from the site (no image from the network);
* every section titled "Going deeper..." collapsed behind a toggle (sphinx-togglebutton).
"""

import base64
import io
import json
import re
import subprocess
import textwrap
from functools import cache
from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.directives.other import TocTree
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from tools import lessons as repo

logger = logging.getLogger(__name__)
SITE = Path(__file__).resolve().parent.parent
BADGE = "/" + (SITE / "_static" / "colab-badge.svg").relative_to(repo.ROOT).as_posix()
TIME = re.compile(r"\*\*Time:\*\*\s*about\s+(\d+)\s+minutes", re.I)
EXERCISE = re.compile(r"^### Exercise\b", re.M)
PINNED = re.compile(r"^([A-Za-z0-9_.-]+)==([^\s#;]+)", re.M)
DEEPER = "Going deeper"
#: Where GitHub Pages publishes the website of the repository (``<owner>.github.io/<name>/``).
_OWNER, _NAME = repo.OWNER_REPO.split("/")
PAGES_URL = f"https://{_OWNER}.github.io/{_NAME}/"


# --- The repository, read at build time ------------------------------------------------


def docname(path):
    """The Sphinx document name of a lesson: its path in the repository, no suffix."""
    return repo.shown(path).removesuffix(".ipynb")


def lesson_docs():
    """The lessons, as the include patterns of the website's source folder."""
    return [repo.shown(path) for path in repo.lessons()]


def other_paths():
    """Everything in the repository that is not a page: excluded, and never walked."""
    keep = {SITE.name, repo.NOTEBOOKS.name}
    top = [p.name for p in repo.ROOT.iterdir() if p.name not in keep]
    below = [repo.shown(p) for p in repo.NOTEBOOKS.iterdir() if p.is_dir()]
    return sorted({*top, *below, "_build"})


class Lesson:
    """What the website shows about one lesson notebook, read from the notebook."""

    def __init__(self, path):
        self.path = Path(path)
        self.number = repo.number(path)
        self.doc = docname(path)
        notebook = json.loads(self.path.read_text(encoding="utf-8"))
        markdown = [
            "".join(cell["source"]) for cell in notebook["cells"]
            if cell["cell_type"] == "markdown"
        ]
        text = "\n".join(markdown)
        heading = re.search(r"^# (.+)$", text, re.M)
        title = heading.group(1).strip() if heading else self.path.stem
        self.title = re.sub(rf"^{self.number}\s*·\s*", "", title)
        time = TIME.search(text)
        self.minutes = int(time.group(1)) if time else None
        self.exercises = len(EXERCISE.findall(text))
        self.python = notebook.get("metadata", {}).get("language_info", {}).get("version")
        self.colab = repo.colab_url(self.path)
        copy = repo.student_copy(self.path)
        self.copy = copy if copy.exists() else None


def course():
    return [Lesson(path) for path in repo.lessons()]


def pinned_versions():
    """``{"tensorflow": "2.21.0", ...}`` from requirements.txt."""
    text = (repo.ROOT / "requirements.txt").read_text(encoding="utf-8")
    return {name.lower(): version for name, version in PINNED.findall(text)}


def git(*args):
    try:
        done = subprocess.run(["git", "-C", str(repo.ROOT), *args], capture_output=True,
                              text=True, timeout=30, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip()


@cache
def verified_with_html():
    """The footer line: the versions the stored outputs were verified with, and the commit."""
    pins = pinned_versions()
    pythons = sorted({lesson.python for lesson in course() if lesson.python})
    parts = [f"Python {' / '.join(pythons) or 'unknown'}"]
    for name, shown_as in [("tensorflow", "TensorFlow"), ("keras", "Keras"), ("numpy", "NumPy")]:
        parts.append(f"{shown_as} {pins.get(name, 'unknown')}")
    commit = git("rev-parse", "HEAD")
    if commit:
        where = (f'commit <a href="{repo.REPO_URL}/commit/{commit}">'
                 f'<code>{commit[:10]}</code></a>')
        if git("status", "--porcelain", "--", repo.shown(repo.NOTEBOOKS), "requirements.txt"):
            where += " plus uncommitted changes"
    else:
        where = "an unknown commit (not built from a git checkout)"
    return (f'<p class="verified-with">Outputs verified with {", ".join(parts)}, '
            f"at {where}.</p>")


# --- The course map picture -------------------------------------------------------------


def map_alt(lessons):
    steps = [
        f"{lesson.number} {lesson.title}"
        + (f" ({lesson.minutes} min)" if lesson.minutes else "")
        for lesson in lessons
    ]
    return "Course map, the lessons in order: " + "; then ".join(steps) + "."


def map_svg(lessons, per_row=4):
    """The lessons as boxes on a snaking path, each with its main-path time, as SVG.

    Sized to be shown about 700 pixels wide (the book theme's text column), so that
    its text is as large as the page's small print."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    rows = max(1, -(-len(lessons) // per_row))
    width, height = 1.8, 1.05  # inches per lesson
    ink, line = "#17324d", "#2d5d8a"
    with plt.rc_context({"svg.hashsalt": "course-map", "svg.fonttype": "path"}):
        fig, ax = plt.subplots(figsize=(per_row * width, rows * height))
        centres = []
        for i, lesson in enumerate(lessons):
            row, col = divmod(i, per_row)
            if row % 2:
                col = per_row - 1 - col  # snake: odd rows run right to left
            x, y = col * width + width / 2, (rows - 1 - row) * height + height / 2
            centres.append((x, y))
            ax.add_patch(FancyBboxPatch(
                (x - width * 0.41, y - height * 0.38), width * 0.82, height * 0.76,
                boxstyle="round,pad=0.02,rounding_size=0.08",
                facecolor="#fdf1d8" if lesson.number == "00" else "#dbe9f8",
                edgecolor=line, linewidth=1.2))
            left, top = x - width * 0.37, y + height * 0.25
            ax.text(left, top, lesson.number, fontsize=11, fontweight="bold", color=ink,
                    va="center")
            if lesson.minutes:
                ax.text(x + width * 0.37, top, f"{lesson.minutes} min", fontsize=9,
                        color="#8a3b12", ha="right", va="center")
            title = textwrap.wrap(lesson.title, 21, max_lines=3, placeholder=" …")
            ax.text(left, top - height * 0.13, "\n".join(title), fontsize=8, color=ink,
                    va="top", linespacing=1.1)
        for (x0, y0), (x1, y1) in zip(centres, centres[1:], strict=False):
            if y0 == y1:
                step = width * 0.42 * (1 if x1 > x0 else -1)
                start, end = (x0 + step, y0), (x1 - step, y1)
            else:
                start, end = (x0, y0 - height * 0.39), (x1, y1 + height * 0.39)
            ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=10,
                                         color="#5b7083", linewidth=1.1))
        ax.set_xlim(0, per_row * width)
        ax.set_ylim(0, rows * height)
        ax.set_axis_off()
        fig.subplots_adjust(0, 0, 1, 1)
        out = io.BytesIO()
        fig.savefig(out, format="svg", transparent=True, metadata={"Date": None})
        plt.close(fig)
    return out.getvalue()


# --- Directives and roles ------------------------------------------------------------


def lesson_link(env, lesson, text=None):
    """A cross-reference to a lesson's page (a broken one is a build warning)."""
    ref = addnodes.pending_xref("", refdomain="std", reftype="doc", reftarget="/" + lesson.doc,
                                refexplicit=True, refwarn=True, refdoc=env.docname)
    ref += nodes.inline("", text or f"{lesson.number} · {lesson.title}")
    return ref


def table(header, rows, widths):
    """A docutils table; each cell is a string, a node or a list of nodes."""
    group = nodes.tgroup(cols=len(header))
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head, body = nodes.thead(), nodes.tbody()
    for parent, cells in [(head, [header]), (body, rows)]:
        for cells_ in cells:
            row = nodes.row()
            for cell in cells_:
                entry = nodes.entry()
                if not isinstance(cell, (list, nodes.Node)):
                    cell = nodes.Text(str(cell))
                entry += nodes.paragraph("", "", *(cell if isinstance(cell, list) else [cell]))
                row += entry
            parent += row
    group += head
    group += body
    return nodes.table("", group, classes=["course-table"])


def external(url, text):
    return nodes.reference("", text, refuri=url, internal=False)


def colab_badge_link(url):
    """The Open-in-Colab badge (the site's own drawing), linking to ``url``."""
    badge = nodes.image(uri=BADGE, alt="Open in Colab", classes=["colab-badge"])
    return nodes.reference("", "", badge, refuri=url, internal=False)


class CourseMap(SphinxDirective):
    """The course map: a picture and a table of the lessons, with main-path times."""

    def run(self):
        lessons = course()
        for lesson in lessons:
            self.env.note_dependency(str(lesson.path))
        svg = map_svg(lessons)
        uri = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
        figure = nodes.figure("", nodes.image(uri=uri, alt=map_alt(lessons)),
                              classes=["course-map"])
        timed = [lesson.minutes for lesson in lessons if lesson.minutes]
        if timed:
            caption = (f"The main path of {len(timed)} lessons takes about {sum(timed)} "
                       "minutes; each lesson's Going-deeper sections and exercises come on top.")
            if len(timed) < len(lessons):
                caption += " Lessons without a time do not state one yet."
        else:
            caption = "The lessons in order."
        if lessons and lessons[0].number == "00":
            caption += " Lesson 00, in yellow, covers the prerequisites."
        figure += nodes.caption("", caption)
        rows = [
            [lesson.number, lesson_link(self.env, lesson, lesson.title),
             f"{lesson.minutes} min" if lesson.minutes else "",
             colab_badge_link(lesson.colab)]
            for lesson in lessons
        ]
        return [figure, table(["#", "Lesson", "Main path", "Run it"], rows, [4, 62, 14, 20])]


class ExerciseTable(SphinxDirective):
    """Per lesson: how many exercises it has and where its student copy is."""

    def run(self):
        rows = []
        for lesson in course():
            self.env.note_dependency(str(lesson.path))
            if lesson.copy:
                download = addnodes.download_reference(
                    "", "", nodes.inline("", "download"),
                    reftarget="/" + repo.shown(lesson.copy), refdoc=self.env.docname,
                    refexplicit=True, refdomain="", reftype="download")
                copy = [colab_badge_link(repo.colab_url(lesson.copy)), nodes.Text(" or "),
                        download]
            else:
                copy = "none yet"
            rows.append([lesson.number, lesson_link(self.env, lesson, lesson.title),
                         lesson.exercises, copy])
        return [table(["#", "Lesson", "Exercises", "Student copy"], rows, [4, 56, 10, 30])]


class Quickstart(SphinxDirective):
    """Clone, then the README's own set-up command (its Quickstart's first one)."""

    def run(self):
        readme = repo.ROOT / "README.md"
        self.env.note_dependency(str(readme))
        text = readme.read_text(encoding="utf-8")
        section = re.search(r"^## Quickstart\n(.*?)(?=^## )", text, re.S | re.M)
        commands = re.findall(r"```bash\n(.*?)\n```", section.group(1), re.S) if section else []
        if not commands:
            logger.warning("README.md has no command in a '## Quickstart' section",
                           location=self.get_location())
            return []
        folder = repo.OWNER_REPO.rsplit("/", 1)[-1]
        code = f"git clone {repo.REPO_URL}.git && cd {folder}\n{commands[0]}"
        block = nodes.literal_block(code, code, language="bash")
        return [block]


class LessonToctree(SphinxDirective):
    """The (hidden) table of contents of the lessons, which feeds the sidebar."""

    def run(self):
        entries = StringList([f"/{docname(path)}" for path in repo.lessons()],
                             source=self.get_source_info()[0])
        toctree = TocTree(self.name, [], {"caption": "Lessons", "maxdepth": 1, "hidden": None},
                          entries, self.lineno, self.content_offset, self.block_text,
                          self.state, self.state_machine)
        return toctree.run()


def lesson_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{lesson}`04``` links to lesson 04, shown as "lesson 04 (GradientTape in depth)"."""
    env = inliner.document.settings.env
    try:
        lesson = Lesson(repo.lesson(text.strip()))
    except (LookupError, ValueError) as error:
        message = inliner.reporter.warning(f"{{lesson}} role: {error}", line=lineno)
        return [nodes.Text(f"lesson {text}")], [message]
    env.note_dependency(str(lesson.path))
    return [lesson_link(env, lesson, f"lesson {lesson.number} ({lesson.title})")], []


# --- Lesson pages ----------------------------------------------------------------------


class LocalColabBadge(SphinxTransform):
    """The lessons' Open-in-Colab badge, drawn from the site instead of the network."""

    default_priority = 400

    def apply(self):
        for image in self.document.findall(nodes.image):
            if image.get("uri") == repo.COLAB_BADGE:
                image["uri"] = BADGE
                image["classes"].append("colab-badge")


def collapse_going_deeper(app, doctree, docname_):
    """Each "Going deeper" section: its title and first paragraph (who wants it) stay
    visible, the rest is collapsed behind a sphinx-togglebutton toggle."""
    for section in list(doctree.findall(nodes.section)):
        title = section.next_node(nodes.title)
        if title is None or not title.astext().startswith(DEEPER):
            continue
        start = section.index(title) + 1
        if start < len(section) and isinstance(section[start], nodes.paragraph):
            start += 1
        hidden = section.children[start:]
        if not hidden:
            continue
        section.children = section.children[:start]
        body = nodes.container("", classes=["toggle", "going-deeper"])
        body.extend(hidden)
        section += body


def link_lessons_in_outputs(app, doctree, docname_):
    """A link to a lesson that a cell's output prints (a Markdown table, say) is left by
    myst-nb as the ``.ipynb`` file; point it at that lesson's page, as the prose's links are."""
    if app.builder.format != "html":
        return
    pages = {path.name: docname(path) for path in repo.lessons()}
    for ref in doctree.findall(nodes.reference):
        name, hash_, anchor = ref.get("refuri", "").partition("#")
        if name in pages:
            ref["refuri"] = app.builder.get_relative_uri(docname_, pages[name]) + hash_ + anchor


def colab_button(app, pagename, templatename, context, doctree):
    """An *Open in Colab* button in a lesson page's header, for that page's notebook."""
    if doctree is None or "header_buttons" not in context:
        return
    path = Path(app.env.doc2path(pagename))
    if path not in set(repo.lessons()):
        return
    context["header_buttons"].insert(0, {
        "type": "link",
        "url": repo.colab_url(path),
        "text": "Open in Colab",
        "tooltip": "Run this lesson in Google Colab",
        "icon": "_static/images/logo_colab.png",
        "label": "colab-button",
    })


def always_reread_course_pages(app, env, added, changed, removed):
    """The pages that summarise every lesson are read again on every build."""
    return [doc for doc in env.found_docs if doc.startswith(SITE.name + "/")]


def setup(app):
    app.add_directive("course-map", CourseMap)
    app.add_directive("exercise-table", ExerciseTable)
    app.add_directive("quickstart", Quickstart)
    app.add_directive("lesson-toctree", LessonToctree)
    app.add_role("lesson", lesson_role)
    app.add_transform(LocalColabBadge)
    app.connect("doctree-resolved", collapse_going_deeper)
    app.connect("doctree-resolved", link_lessons_in_outputs)
    app.connect("env-get-outdated", always_reread_course_pages)
    # After sphinx-book-theme has made its header buttons (priority 501).
    app.connect("html-page-context", colab_button, priority=502)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
