"""data/digits.csv: its checksum matches data/README.md, and load_digits reads it right."""

import hashlib
import re

import numpy as np

from helpers import data
from tools.lessons import ROOT

DATA_DIR = ROOT / "data"
CSV = DATA_DIR / "digits.csv"
README = DATA_DIR / "README.md"

# Images per digit 0..9 in scikit-learn's copy of the data set (also listed in data/README.md).
LABEL_COUNTS = [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]


def _readme_sha256():
    found = re.findall(
        r"^sha256:\s*([0-9a-f]{64})\s*$", README.read_text(encoding="utf-8"), flags=re.MULTILINE
    )
    assert len(found) == 1, "data/README.md must contain exactly one 'sha256: <64 hex digits>' line"
    return found[0]


def test_digits_csv_sha256_matches_the_one_in_the_readme():
    assert hashlib.sha256(CSV.read_bytes()).hexdigest() == _readme_sha256()


def test_digits_csv_header_names_64_pixels_and_the_label():
    header = CSV.read_text(encoding="ascii").splitlines()[0]
    assert header.split(",") == [f"p{i}" for i in range(64)] + ["label"]


def test_digits_csv_has_one_row_per_image_with_integer_values():
    lines = CSV.read_text(encoding="ascii").splitlines()[1:]
    assert len(lines) == 1797
    assert all(re.fullmatch(r"\d+(,\d+){64}", line) for line in lines)


def test_load_digits_shapes_and_dtypes():
    X, y = data.load_digits()
    assert X.shape == (1797, 64) and X.dtype == np.float32
    assert y.shape == (1797,) and y.dtype == np.int64


def test_load_digits_pixels_are_sixteenths_in_zero_to_one():
    X, _ = data.load_digits()
    assert X.min() == 0.0 and X.max() == 1.0
    np.testing.assert_array_equal(X * 16, np.round(X * 16))


def test_load_digits_label_counts_match_the_readme():
    _, y = data.load_digits()
    assert y.min() == 0 and y.max() == 9
    assert np.bincount(y).tolist() == LABEL_COUNTS
    counts_line = ", ".join(str(count) for count in LABEL_COUNTS)
    assert counts_line in README.read_text(encoding="utf-8")


def test_load_digits_first_image_is_a_zero():
    X, y = data.load_digits()
    assert y[0] == 0
    image = X[0].reshape(8, 8)
    assert image[3:5, 3:5].max() < 0.2  # the hole in the middle of the 0
    assert image[3:5, [1, 2, 5, 6]].min() > 0.2  # ink either side of the hole
