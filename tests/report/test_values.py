import pytest

from calligan.report.values import format_value


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (2000, "2,000"),
        (0.123456, "0.1235"),
        (42.123456, "42.12"),
        (1e-7, "1e-07"),
        (float("nan"), "nan"),
        (True, "yes"),
        (None, "&mdash;"),
        ("<b>", "&lt;b&gt;"),
        ([1, 2.5], "[1, 2.5]"),
    ],
)
def test_values_read_at_sensible_precision(value, text):
    assert format_value(value) == text


def test_long_lists_are_cut_with_their_length():
    assert format_value(list(range(100))).endswith("&hellip;] (100 values)")
