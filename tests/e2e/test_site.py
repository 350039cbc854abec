"""The course website, built as the README says and read in a real browser, offline.

The site is built once per test session with the README's own command (its output
folders moved into pytest's temporary folder, so the repository is never written),
then served on loopback and read in Debian's Chromium through Playwright, offline: no
host name but the loopback address resolves, and any request elsewhere is recorded.
Every page the landing page leads to is visited once; the tests below assert on what
that visit saw:

* the build is warning-free (``-W``) and quick, with one page per lesson;
* no page loads anything from the network (scripts, styles, fonts: all local);
* every page loads with no console error, and every formula is typeset by MathJax
  (no raw ``$$`` or ``\\(`` left in the text, every math element rendered, none in error);
* every image is shown, and has alt text that says something (not its file name);
* every internal link and anchor resolves (the whole site is crawled);
* the search page finds lesson 04 for "GradientTape";
* each Colab link on a lesson page opens that page's own notebook (or its student copy),
  and the course map's Colab links match their rows;
* "Going deeper" sections are collapsed, the footer says what the outputs were verified
  with, code cells have copy buttons, and the light/dark switch works;
* the Pages workflow and ``.ci/run`` run the README's command verbatim.

Screenshots of the landing page and of lesson 06 are saved in pytest's temporary folder
and their paths printed. Without Chromium the browser tests are skipped, saying why,
except under CI (``CI`` set), where a missing browser is a failure.
"""

import functools
import html.parser
import importlib.util
import json
import os
import re
import shlex
import subprocess
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from tools import lessons as repo

# One build and one browser for the whole module: with `pytest -n N` it stays on one
# worker. The tests that build or browse are `slow`; the README and workflow checks are not.
pytestmark = pytest.mark.xdist_group("site")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [  # a closed network: no background connections, no first-run work
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]
# The site is read offline: every host name but the loopback address fails to resolve.
OFFLINE = ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
README = repo.ROOT / "README.md"
WORKFLOW = repo.ROOT / ".github" / "workflows" / "pages.yml"
CI_RUN = repo.ROOT / ".ci" / "run"
BUILD_BUDGET = 60  # seconds, the limit for the README's command
SPHINX = ". .venv/bin/activate && python -m sphinx "


# --- The README's command, and where else it must appear ------------------------------


def readme_site_command():
    text = README.read_text(encoding="utf-8")
    section = re.search(r"^## Course website\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert section, "README.md has no '## Course website' section"
    commands = [c for c in re.findall(r"```bash\n(.*?)\n```", section.group(1), re.S)
                if "python -m sphinx" in c]
    assert len(commands) == 1, f"one site command expected in the README section: {commands}"
    command = commands[0]
    assert "\n" not in command and command.startswith(SPHINX), command
    return command, section.group(1)


def site_extension():
    """The website's Sphinx extension, ``site/_ext/course.py``, as a module."""
    spec = importlib.util.spec_from_file_location("course", repo.ROOT / "site/_ext/course.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_gives_the_published_address_and_how_to_open_the_site():
    command, section = readme_site_command()
    course = site_extension()
    assert course.PAGES_URL in section, f"the README must give the address {course.PAGES_URL}"
    assert "_build/html/index.html" in section
    argv = shlex.split(command.removeprefix(SPHINX))
    assert "-W" in argv and argv[-1] == "_build/html", argv


def test_pages_workflow_and_ci_run_the_readme_command_verbatim():
    command, _ = readme_site_command()
    workflow = [line.strip() for line in WORKFLOW.read_text(encoding="utf-8").splitlines()]
    assert f"run: {command}" in workflow, "pages.yml must run the README's site command"
    assert "path: _build/html" in workflow, "pages.yml must deploy what the command builds"
    ci = [line.strip() for line in CI_RUN.read_text(encoding="utf-8").splitlines()]
    assert command in ci, ".ci/run must run the README's site command"
    ignored = (repo.ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "_build/" in ignored, "the build folder must be ignored by git"


def test_going_deeper_body_is_collapsed_after_its_first_sentence():
    """The build step behind the collapsed sections (the browser test sees them only
    in lessons that have one)."""
    from docutils import nodes
    from docutils.core import publish_doctree

    source = ("Lesson\n======\n\nGoing deeper: float32\n---------------------\n\n"
              "Who wants it.\n\nThe proof.\n\nMore proof.\n\nSummary\n-------\n\nShort.\n")
    doctree = publish_doctree(source, settings_overrides={"doctitle_xform": False,
                                                          "report_level": 5})
    site_extension().collapse_going_deeper(None, doctree, "lesson")
    deeper, summary = [s for s in doctree.findall(nodes.section) if s.parent is not doctree]
    title, first, body = deeper.children
    assert first.astext() == "Who wants it."
    assert "toggle" in body["classes"] and body.astext() == "The proof.\n\nMore proof."
    assert not list(summary.findall(nodes.container)), "other sections stay open"


# --- The build (once per session) ---------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The README's command, its output folders moved to a temporary folder."""
    command, _ = readme_site_command()
    argv = shlex.split(command.removeprefix(SPHINX))
    folder = tmp_path_factory.mktemp("site")
    moved = {"_build/html": folder / "html", "_build/doctrees": folder / "doctrees"}
    assert set(moved) <= set(argv), f"the command builds into {list(moved)}: {argv}"
    argv = [str(moved.get(arg, arg)) for arg in argv]
    # What this build sees (other people may change the lessons while the tests run).
    lessons = repo.lessons()
    sources = {path: path.read_bytes() for path in lessons}
    markdown = {path: lesson_markdown(source) for path, source in sources.items()}
    commits = {head_commit()}
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "sphinx", *argv], cwd=repo.ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    seconds = time.monotonic() - start
    commits.add(head_commit())
    assert done.returncode == 0, f"the site build failed:\n{done.stdout[-3000:]}\n{done.stderr}"
    return {"html": folder / "html", "seconds": seconds, "lessons": lessons,
            "sources": sources, "markdown": markdown, "commits": commits,
            "log": done.stdout + done.stderr}


def lesson_markdown(source):
    notebook = json.loads(source)
    return "\n".join("".join(cell["source"]) for cell in notebook["cells"]
                     if cell["cell_type"] == "markdown")


def head_commit():
    return subprocess.run(["git", "-C", str(repo.ROOT), "rev-parse", "HEAD"],
                          capture_output=True, text=True).stdout.strip()


def page_path(lesson):
    """Where a lesson's page is, relative to the site's top folder."""
    return repo.shown(lesson).removesuffix(".ipynb") + ".html"


@pytest.mark.slow
def test_build_is_warning_free_quick_and_has_a_page_per_lesson(site, capsys):
    assert "WARNING" not in site["log"], site["log"][-3000:]
    with capsys.disabled():
        print(f"\nsite build: {site['seconds']:.1f} s")
    assert site["seconds"] < BUILD_BUDGET, f"the build took {site['seconds']:.0f} s"
    html = site["html"]
    assert (html / "index.html").exists() and (html / "site" / "index.html").exists()
    missing = [page_path(p) for p in site["lessons"] if not (html / page_path(p)).exists()]
    assert not missing, f"lessons without a page: {missing}"


# --- A static crawl: links, anchors, and nothing from the network --------------------


class _Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.links, self.assets = set(), [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if attrs.get(key):
                self.ids.add(attrs[key])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag in ("script", "img", "iframe", "source") and attrs.get("src"):
            self.assets.append((tag, attrs["src"]))
        if tag == "link" and attrs.get("href"):
            self.assets.append((f"link rel={attrs.get('rel')}", attrs["href"]))
        if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
            self.links.append(attrs.get("content", "").split("url=", 1)[-1])


def is_external(url):
    """Not a file of the site: another scheme (https:, mailto:, data:) or another host."""
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc)


def is_remote(url):
    """Loaded from the network."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") or (not parts.scheme and bool(parts.netloc))


@pytest.fixture(scope="module")
def crawl(site):
    """Every page reachable from the site's index.html: {page: parsed page}, and the
    internal targets that do not resolve."""
    html = site["html"]
    pages, queue, broken = {}, ["index.html"], []
    while queue:
        name = queue.pop()
        if name in pages:
            continue
        parsed = pages[name] = _Page()
        parsed.feed((html / name).read_text(encoding="utf-8"))
        for href in parsed.links + [src for _, src in parsed.assets]:
            if is_external(href):
                continue
            target = urlsplit(urljoin(f"http://site/{name}", href))
            path = unquote(target.path).lstrip("/") or "index.html"
            if not (html / path).is_file():
                broken.append(f"{name}: {href} (no file {path})")
            elif path.endswith(".html"):
                queue.append(path)
    # Anchors: checked once every page is parsed.
    for name, parsed in pages.items():
        for href in parsed.links:
            if is_external(href):
                continue
            target = urlsplit(urljoin(f"http://site/{name}", href))
            path = unquote(target.path).lstrip("/") or "index.html"
            anchor = unquote(target.fragment)
            if anchor and path in pages and anchor not in pages[path].ids:
                broken.append(f"{name}: {href} (no anchor #{target.fragment} in {path})")
    return {"pages": pages, "broken": broken}


@pytest.mark.slow
def test_every_internal_link_and_anchor_resolves(site, crawl):
    assert not crawl["broken"], "broken links:\n" + "\n".join(crawl["broken"][:40])
    unreached = [page_path(p) for p in site["lessons"] if page_path(p) not in crawl["pages"]]
    assert not unreached, f"lesson pages no link leads to: {unreached}"
    assert "site/for-teachers.html" in crawl["pages"] and "search.html" in crawl["pages"]


@pytest.mark.slow
def test_no_page_loads_scripts_styles_or_fonts_from_the_network(site, crawl):
    remote = [f"{name}: <{tag}> {url}" for name, parsed in crawl["pages"].items()
              for tag, url in parsed.assets
              if is_remote(url) and "canonical" not in tag]
    assert not remote, "remote assets:\n" + "\n".join(remote[:20])
    in_css = [f"{css.relative_to(site['html'])}: {url}"
              for css in site["html"].rglob("*.css")
              for url in re.findall(r"(?:url\(\s*['\"]?|@import\s+['\"])(https?://[^'\")\s]+)",
                                    css.read_text(encoding="utf-8", errors="replace"))]
    assert not in_css, "stylesheets loading from the network:\n" + "\n".join(in_css[:20])


# --- The browser ---------------------------------------------------------------------


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(site):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0),
                                functools.partial(_Quiet, directory=str(site["html"])))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser_page(server):
    """One Chromium page, offline; any request not to the loopback server is recorded
    in ``remote`` (and fails: no other host name resolves)."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {CHROMIUM} is missing: .ci/run installs it")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                    args=CHROMIUM_FLAGS + OFFLINE)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        remote = []

        def record(request):
            if not request.url.startswith((server, "data:")):
                remote.append(request.url)

        context.on("request", record)
        yield SimpleNamespace(page=context.new_page(), remote=remote)
        context.close()
        browser.close()


WAIT_FOR_MATH = """async () => {
  const M = window.MathJax;
  if (M && M.startup && M.startup.promise) { await M.startup.promise; }
}"""

# What a page shows: its console errors are collected by the caller.
INSPECT = r"""() => {
  const article = document.querySelector('article') || document.body;
  const copy = article.cloneNode(true);
  copy.querySelectorAll('pre, code, script, style, mjx-container, .highlight, .output,'
                        + ' .cell_output, textarea').forEach(e => e.remove());
  const text = copy.textContent;
  const raw = [];
  for (const pattern of [/\$\$/, /\\\(/, /\\\)/, /\\\[/, /\\\]/, /\\begin\{/,
                         /\$[^$\n]*[\\^_][^$\n]*\$/]) {
    const m = text.match(pattern);
    if (m) raw.push(text.slice(Math.max(0, m.index - 40), m.index + 40).replace(/\s+/g, ' '));
  }
  const maths = Array.from(document.querySelectorAll('.math'));
  const colab = 'https://colab.research.google.com/';
  return {
    raw,
    maths: maths.length,
    untypeset: maths.filter(m => !m.querySelector('mjx-container')).length,
    mathErrors: document.querySelectorAll('mjx-merror').length,
    images: Array.from(document.images).map(i => ({
      src: i.getAttribute('src') || '', alt: (i.getAttribute('alt') || '').trim(),
      width: i.naturalWidth, complete: i.complete})),
    colab: Array.from(document.querySelectorAll('a[href^="' + colab + '"]')).map(a => a.href),
    colabButton: Array.from(document.querySelectorAll('a.btn-colab-button')).map(a => a.href),
    toggles: Array.from(document.querySelectorAll('details.toggle-details')).filter(
      d => d.querySelector('.going-deeper')).map(d => d.open),
    footer: (document.querySelector('.verified-with') || {}).textContent || '',
    repository: Array.from(document.querySelectorAll('a.btn-source-repository-button'))
      .map(a => a.href),
    download: Array.from(document.querySelectorAll('a.btn-download-source-button'))
      .map(a => a.getAttribute('href')),
    codeCells: document.querySelectorAll('.cell_input').length,
    copyButtons: document.querySelectorAll('.cell_input button.copybtn').length,
  };
}"""


@pytest.fixture(scope="module")
def visits(site, crawl, server, browser_page, tmp_path_factory):
    """Every crawled HTML page, opened once: what it showed, and its console errors."""
    page = browser_page.page
    shots = tmp_path_factory.mktemp("site-screenshots")
    lesson06 = page_path(repo.lesson("06")) if any(
        repo.number(p) == "06" for p in site["lessons"]) else None
    seen, screenshots, errors, redirect_errors = {}, {}, [], []
    listeners = {
        "console": lambda m: m.type == "error" and errors.append(m.text),
        "pageerror": lambda e: errors.append(f"uncaught: {e}"),
        "response": lambda r: r.status >= 400 and errors.append(f"{r.status}: {r.url}"),
    }
    for event, listener in listeners.items():
        page.on(event, listener)
    for name in sorted(crawl["pages"]):
        errors.clear()
        if name == "index.html":  # it sends the reader on to the landing page
            page.goto(server, wait_until="load")
            page.wait_for_url(server + "site/index.html", timeout=10_000)
            redirect_errors.extend(errors)
            continue
        page.goto(server + name, wait_until="load")
        page.evaluate(WAIT_FOR_MATH)
        page.wait_for_function(
            "() => Array.from(document.images).every(i => i.complete)", timeout=15_000)
        seen[name] = page.evaluate(INSPECT)
        if name in ("site/index.html", lesson06):
            shot = shots / (Path(name).stem + ".png")
            page.screenshot(path=str(shot), full_page=False)
            screenshots[name] = shot
        seen[name]["errors"] = list(errors)
    for event, listener in listeners.items():
        page.remove_listener(event, listener)
    return {"pages": seen, "screenshots": screenshots, "remote": list(browser_page.remote),
            "redirect_errors": redirect_errors}


def lesson_pages(site, visits):
    return {lesson: visits["pages"][page_path(lesson)] for lesson in site["lessons"]
            if page_path(lesson) in visits["pages"]}


@pytest.mark.slow
def test_every_page_loads_offline_with_no_console_error(site, visits):
    assert not visits["remote"], f"requests that left the machine: {visits['remote'][:10]}"
    failing = {name: shown["errors"] for name, shown in visits["pages"].items()
               if shown["errors"]}
    if visits["redirect_errors"]:
        failing["index.html (to the landing page)"] = visits["redirect_errors"]
    assert not failing, json.dumps(failing, indent=1)[:4000]
    assert len(lesson_pages(site, visits)) == len(site["lessons"])


@pytest.mark.slow
def test_every_formula_is_typeset(visits):
    problems = {
        name: {k: shown[k] for k in ("raw", "untypeset", "mathErrors") if shown[k]}
        for name, shown in visits["pages"].items()
        if shown["raw"] or shown["untypeset"] or shown["mathErrors"]
    }
    assert not problems, "formulas not typeset by MathJax:\n" + json.dumps(problems, indent=1)
    assert sum(shown["maths"] for shown in visits["pages"].values()) > 0, "no formula at all"


@pytest.mark.slow
def test_every_image_is_shown(visits):
    blank = {name: [i["src"][:80] for i in shown["images"] if not i["width"]]
             for name, shown in visits["pages"].items()}
    blank = {name: srcs for name, srcs in blank.items() if srcs}
    assert not blank, "images that did not load:\n" + json.dumps(blank, indent=1)


def says_something(image):
    """Alt text a reader can use: not empty, and not the image's own file name
    (which is what Sphinx writes when a figure cell has no alt text)."""
    alt, src = image["alt"], image["src"]
    return bool(alt) and alt != src and not re.search(r"\.(png|jpe?g|svg|gif)$", alt, re.I)


@pytest.mark.slow
def test_every_image_has_alt_text(site, visits):
    without = {}
    for name, shown in visits["pages"].items():
        bad = [i for i in shown["images"] if not says_something(i)]
        if bad:
            without[name] = f"{len(bad)} of {len(shown['images'])} images"
    how = ('give each figure cell "mystnb": {"image": {"alt": "what the figure shows"}} '
           "in its metadata; without it Sphinx writes the image's file name")
    assert not without, f"images without alt text ({how}):\n" + "\n".join(
        f"  {name}: {count}" for name, count in sorted(without.items()))


@pytest.mark.slow
def test_colab_links_open_the_page_own_notebook(site, visits):
    wrong = {}
    for lesson, shown in lesson_pages(site, visits).items():
        own = repo.colab_url(lesson)
        allowed = {own, repo.colab_url(repo.student_copy(lesson))}
        problems = []
        if shown["colabButton"] != [own]:
            problems.append(f"header button {shown['colabButton']}")
        problems += [f"link {url}" for url in shown["colab"] if url not in allowed]
        if own not in shown["colab"]:
            problems.append("no link to its own notebook")
        if problems:
            wrong[page_path(lesson)] = problems
    assert not wrong, json.dumps(wrong, indent=1)


@pytest.mark.slow
def test_lesson_pages_link_the_repository_and_offer_their_notebook(site, visits):
    for lesson, shown in lesson_pages(site, visits).items():
        assert shown["repository"] == [repo.REPO_URL], (page_path(lesson), shown["repository"])
        assert len(shown["download"]) == 1, (page_path(lesson), shown["download"])
        offered = urlsplit(urljoin(f"http://site/{page_path(lesson)}", shown["download"][0]))
        notebook = site["html"] / unquote(offered.path).lstrip("/")
        assert notebook.name == lesson.name, (page_path(lesson), shown["download"])
        assert notebook.read_bytes() == site["sources"][lesson], f"{notebook} is not the lesson"


@pytest.mark.slow
def test_landing_page_course_map_has_each_lesson_time_and_colab_link(site, server,
                                                                      browser_page):
    page = browser_page.page
    page.goto(server + "site/index.html", wait_until="load")
    figure = page.locator("figure.course-map img")
    assert figure.count() == 1 and "Course map" in figure.get_attribute("alt")
    rows = page.evaluate("""() => Array.from(document.querySelectorAll(
        'table.course-table tbody tr')).map(tr => ({
          cells: Array.from(tr.cells).map(c => c.textContent.trim()),
          page: tr.cells[1].querySelector('a').getAttribute('href'),
          colab: tr.cells[3].querySelector('a').href}))""")
    assert [row["cells"][0] for row in rows] == [repo.number(p) for p in site["lessons"]]
    time_line = re.compile(r"\*\*Time:\*\*\s*about\s+(\d+)\s+minutes", re.I)
    for lesson, row in zip(site["lessons"], rows, strict=True):
        assert row["page"].endswith(Path(page_path(lesson)).name), row
        assert row["colab"] == repo.colab_url(lesson), row
        minutes = time_line.search(site["markdown"][lesson])
        assert row["cells"][2] == (f"{minutes.group(1)} min" if minutes else ""), row


@pytest.mark.slow
def test_search_finds_lesson_04_for_gradienttape(server, browser_page):
    page = browser_page.page
    page.goto(server + "search.html?q=GradientTape", wait_until="load")
    results = page.locator("#search-results ul.search li a")
    results.first.wait_for(timeout=20_000)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    target = Path(page_path(repo.lesson("04"))).name
    assert any(target in href for href in hrefs), hrefs


@pytest.mark.slow
def test_going_deeper_sections_are_collapsed(site, visits):
    heading = re.compile(r"^## Going deeper", re.M)
    wrong = {}
    for lesson, shown in lesson_pages(site, visits).items():
        expected = len(heading.findall(site["markdown"][lesson]))
        if len(shown["toggles"]) != expected or any(shown["toggles"]):
            wrong[page_path(lesson)] = f"{expected} sections, toggles open: {shown['toggles']}"
    assert not wrong, json.dumps(wrong, indent=1)


@pytest.mark.slow
def test_every_page_footer_says_what_the_outputs_were_verified_with(site, visits):
    pins = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", (repo.ROOT / "requirements.txt")
                           .read_text(encoding="utf-8"), re.M))
    wanted = [f"TensorFlow {pins['tensorflow']}", f"Keras {pins['keras']}",
              f"NumPy {pins['numpy']}", "Python 3."]

    def complete(footer):
        at_commit = any(commit and commit[:10] in footer for commit in site["commits"])
        return at_commit and all(w in footer for w in wanted)

    wrong = {name: shown["footer"] for name, shown in visits["pages"].items()
             if not complete(shown["footer"])}
    assert not wrong, f"footers lacking {wanted} or the commit: {json.dumps(wrong, indent=1)}"


@pytest.mark.slow
def test_code_cells_have_copy_buttons(site, visits):
    missing = {page_path(lesson): f"{shown['copyButtons']} of {shown['codeCells']}"
               for lesson, shown in lesson_pages(site, visits).items()
               if shown["copyButtons"] != shown["codeCells"]}
    assert not missing, f"code cells without a copy button: {missing}"


@pytest.mark.slow
def test_light_dark_switch_and_screenshots(server, browser_page, visits, capsys):
    page = browser_page.page
    page.goto(server + "site/index.html", wait_until="load")
    themes = []
    for mode in ("dark", "light"):
        page.locator(".theme-switch-button:visible").first.click()
        page.locator(f".theme-change-button[data-mode={mode}]:visible").first.click()
        themes.append(page.evaluate("() => document.documentElement.dataset.theme"))
    assert themes == ["dark", "light"], themes
    page.evaluate("() => localStorage.clear()")
    assert set(visits["screenshots"]) == {"site/index.html", page_path(repo.lesson("06"))}
    with capsys.disabled():
        for name, shot in visits["screenshots"].items():
            print(f"\nsite screenshot ({name}): {shot}")
