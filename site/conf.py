"""Sphinx configuration of the course website.

The source folder is the repository itself (the README's command passes ``.`` and
``-c site``), so that each lesson is read from ``notebooks/`` where it is; the
pages written for the website live in ``site/``. Which notebooks are lessons, the
repository's address and every Colab URL come from ``tools/lessons.py``; nothing is
restated here. The notebooks' stored outputs are published as stored: they are the
outputs that strict nbval verifies, so nothing is executed.
"""

import sys
from pathlib import Path

SITE = Path(__file__).resolve().parent
sys.path[:0] = [str(SITE.parent), str(SITE / "_ext")]

import course  # noqa: E402  (site/_ext/course.py)

from tools import lessons as repo  # noqa: E402

project = "backprop-notebooks"
author = "the backprop-notebooks authors"
copyright = "the backprop-notebooks authors. Code and notebooks: MIT licence"
language = "en"

extensions = [
    "myst_nb",
    "sphinx_copybutton",
    "sphinx_togglebutton",
    "sphinx-mathjax-offline",  # MathJax from the site itself, not a CDN
    "course",
]

# --- What is read -------------------------------------------------------------------
# The repository is the source folder: the website's own pages plus every lesson,
# and nothing else (student copies, helpers, tests and the virtual environment are not
# pages). Excluding the other folders also keeps Sphinx from walking them.
root_doc = "site/index"
include_patterns = ["site/*.md", *course.lesson_docs()]
exclude_patterns = course.other_paths()

# --- Notebooks (myst-nb) ---------------------------------------------------------------
nb_execution_mode = "off"  # publish the stored, nbval-verified outputs as they are
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_dmath_double_inline = True  # `$$...$$` inside a paragraph is display math, as in Jupyter
myst_heading_anchors = 3  # `04_gradient_tape.ipynb#the-tape` links between lessons

# --- HTML ---------------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = "Backpropagation, shown, measured, checked"
html_static_path = [str(SITE / "_static")]
templates_path = [str(SITE / "_templates")]
# The landing page is site/index.html; the site's own index.html sends the reader there.
html_additional_pages = {"index": "redirect.html"}
html_baseurl = course.PAGES_URL
html_css_files = ["course.css"]
html_favicon = str(SITE / "_static" / "favicon.svg")
html_context = {"default_mode": "auto"}  # a first visit follows the system's light/dark
html_theme_options = {
    "repository_url": repo.REPO_URL,
    "repository_branch": repo.BRANCH,
    "use_repository_button": True,
    "use_download_button": True,
    "use_fullscreen_button": False,
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "extra_footer": course.verified_with_html(),
}
html_sourcelink_suffix = ""  # the download button offers the .ipynb itself

togglebutton_hint = "Show this section"
togglebutton_hint_hide = "Hide this section"
