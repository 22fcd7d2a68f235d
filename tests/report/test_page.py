from calligan.report.page import render_page, section


def test_title_and_sections_are_escaped_and_the_page_fits_a_phone():
    page = render_page(title="a<b", headline="<p>h</p>", sections=[section("x", "x&y", "<p>body</p>")])
    assert "<title>a&lt;b</title>" in page and '<section id="x">\n<h2>x&amp;y</h2>' in page
    assert page.index("<p>h</p>") < page.index("<p>body</p>")  # headline first
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
