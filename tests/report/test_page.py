import re
import shutil
import subprocess

import pytest

from calligan.report.build import build_report
from calligan.report.figures import find_figures
from calligan.report.page import render_page

# After load, write "<loaded>/<total>" images into the DOM, where --dump-dom can read it.
_PROBE = """<script>
window.addEventListener("load", () => {
  const images = Array.from(document.images);
  const loaded = images.filter((img) => img.complete && img.naturalWidth > 0).length;
  const probe = document.createElement("p");
  probe.id = "probe";
  probe.textContent = loaded + "/" + images.length;
  document.body.appendChild(probe);
});
</script>"""

_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking "
    "--disable-component-update --disable-sync --virtual-time-budget=5000 --allow-file-access-from-files"
).split()


def test_title_and_tables_are_escaped():
    page = render_page(title="a<b", tables=[("x&y", {"k": 1})], sections=[])
    assert "<title>a&lt;b</title>" in page and "<h2>x&amp;y</h2>" in page


@pytest.mark.slow
def test_chromium_loads_every_image(project, tmp_path):
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail("chromium is missing: apt-get install -y chromium chromium-driver")
    page = build_report(**project).read_text(encoding="utf-8")
    probed = tmp_path / "probed.html"
    probed.write_text(page.replace("</body>", _PROBE + "\n</body>"), encoding="utf-8")
    result = subprocess.run(
        [chromium, *_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", probed.as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    )
    found = re.search(r'<p id="probe">(\d+)/(\d+)</p>', result.stdout)
    assert found, result.stdout[-2000:] + result.stderr[-2000:]
    expected = sum(len(s.paths) for s in find_figures(folders=project["folders"]))
    assert (int(found[1]), int(found[2])) == (expected, expected) and expected == 6
