import cv2
import numpy as np
import pytest

from calligan.config.prepare import DirtParams
from calligan.data.dirt import dirt_reason
from calligan.data.ink import find_ink

DIRT = DirtParams()


def _reason(page: np.ndarray) -> str | None:
    return dirt_reason(find_ink(page, speck_area=DIRT.speck_area), DIRT, page=page)


def _annotate(page: np.ndarray, text: str, origin: tuple[int, int]) -> np.ndarray:
    cv2.putText(page, text, origin, cv2.FONT_HERSHEY_SIMPLEX, 0.7, 255, 2, cv2.LINE_AA)
    return page


def test_a_clean_multi_stroke_character_passes(draw):
    assert _reason(draw.character(240)) is None


@pytest.mark.parametrize("thickness", [6, 14])
def test_detached_dots_and_strokes_beside_the_character_are_not_annotations(draw, thickness):
    page = draw.character(240, thickness=thickness)
    cv2.circle(page, (30, 120), thickness, 255, -1)  # side dots, as in 小
    cv2.circle(page, (212, 130), thickness, 255, -1)
    for x in (80, 120, 160):  # a row of dots below, as in 心 or 点
        cv2.circle(page, (x, 215), thickness, 255, -1)
    cv2.line(page, (195, 190), (225, 225), 255, thickness)  # a detached tail stroke
    assert _reason(page) is None


@pytest.mark.parametrize("size", [128, 240, 400])
def test_a_stray_dot_is_blank_whatever_the_page_size(size):
    page = np.zeros((size, size + size // 3), np.uint8)
    cv2.ellipse(page, (size // 5, size // 2), (size // 22, size // 30), 30, 0, 360, 255, -1)  # 0.2 % of the page
    assert _reason(page) == "blank"


def test_one_stroke_and_dot_characters_are_kept():
    one = np.zeros((240, 240), np.uint8)
    cv2.line(one, (30, 120), (210, 115), 255, 5)  # 一 with a thin brush: under 2 % of the page
    assert _reason(one) is None
    dots = np.zeros((240, 240), np.uint8)
    for centre in ((70, 50), (60, 120), (80, 190)):  # 氵: three dots over a character's extent
        cv2.ellipse(dots, centre, (12, 9), 20, 0, 360, 255, -1)
    assert _reason(dots) is None


def test_blank_pages(draw):
    assert _reason(np.zeros((200, 200), np.uint8)) == "blank"
    faint = np.zeros((200, 200), np.uint8)
    cv2.circle(faint, (100, 100), 3, 255, -1)  # a single ink spot is no character
    assert _reason(faint) == "blank"


@pytest.mark.parametrize("text, origin", [("Wang 12", (120, 232)), ("ab", (195, 150)), ("Mo", (5, 230))])
def test_small_annotation_glyphs_below_or_beside(draw, text, origin):
    page = draw.character(240, offset=(-10, -15))
    assert _reason(_annotate(page, text, origin)) == "extra_characters"


def test_a_column_of_small_glyphs_beside(draw):
    page = draw.character(240, offset=(-20, 0))
    for i, glyph in enumerate("abc"):
        _annotate(page, glyph, (218, 130 + 30 * i))
    assert _reason(page) == "extra_characters"


def test_seal_stamp_with_inner_text(draw):
    page = draw.character(240, offset=(-20, -20))
    cv2.rectangle(page, (185, 180), (232, 228), 255, -1)
    cv2.putText(page, "ab", (190, 210), cv2.FONT_HERSHEY_SIMPLEX, 0.7, 0, 2, cv2.LINE_AA)  # carved text, as in a seal
    page[188:222, 189:191] = 0  # a carved line, still a box
    assert _reason(page) == "stamp"


def test_a_solid_square_brush_dot_is_not_a_stamp(draw):
    page = draw.character(240, offset=(-20, -20))
    cv2.rectangle(page, (195, 190), (226, 221), 255, -1)  # a heavy, squared-off dot: dense and box-shaped, but solid
    assert _reason(page) is None
    page[200:212, 203:206] = 0  # a line carved into it: now a seal
    assert _reason(page) == "stamp"


def test_a_filled_blob_stroke_is_not_a_stamp(draw):
    page = draw.character(240)
    cv2.ellipse(page, (180, 190), (22, 20), 30, 0, 360, 255, -1)  # a heavy brush dot
    assert _reason(page) is None


@pytest.mark.parametrize("shape", ["ring", "round", "oval"])
def test_outlined_seals_beside_the_character(draw, shape):
    page = draw.character(240, offset=(-25, -20))
    centre = (205, 200)
    if shape == "ring":
        cv2.rectangle(page, (180, 175), (230, 225), 255, 3)
        cv2.line(page, (192, 190), (218, 212), 255, 2)  # a character inside the ring
    else:
        cv2.ellipse(page, centre, (25, 25 if shape == "round" else 17), 0, 0, 360, 255, 3)
    assert _reason(page) == "stamp"


def test_a_closed_box_character_is_not_a_stamp(draw):
    page = np.zeros((240, 240), np.uint8)
    cv2.rectangle(page, (40, 40), (200, 200), 255, 12)  # like 口
    cv2.line(page, (40, 120), (200, 120), 255, 12)  # like 日
    assert _reason(page) is None


@pytest.mark.parametrize("sides", ["box", "top_bottom", "left_right"])
def test_ruled_frames(draw, sides):
    page = draw.character(240)
    if sides == "box":
        cv2.rectangle(page, (8, 8), (231, 231), 255, 2)
    if sides == "top_bottom":
        cv2.line(page, (0, 10), (239, 12), 255, 3)
        cv2.line(page, (0, 228), (239, 228), 255, 3)
    if sides == "left_right":
        cv2.line(page, (6, 0), (6, 239), 255, 2)
        cv2.line(page, (233, 0), (233, 239), 255, 2)
    assert _reason(page) == "frame"


def test_one_long_straight_stroke_is_not_a_frame():
    page = np.zeros((240, 240), np.uint8)
    cv2.line(page, (20, 30), (220, 30), 255, 5)  # like the top of 二 or 三
    cv2.line(page, (30, 120), (210, 120), 255, 5)
    cv2.line(page, (10, 210), (230, 214), 255, 14)
    assert _reason(page) is None


def test_a_line_of_pen_notes_as_wide_as_the_character_is_caught(draw):
    """A name written under the character, as wide as it: its size says character, its pen strokes say note."""
    page = np.zeros((300, 240), np.uint8)
    page[:240] = draw.character(240, thickness=14)
    cv2.putText(page, "wang xiao 12", (12, 282), cv2.FONT_HERSHEY_SIMPLEX, 0.75, 255, 1, cv2.LINE_AA)
    assert _reason(page) == "extra_characters"


def test_one_hairline_glyph_is_a_note(draw):
    """A single digit in a 1 px pen beside a character in a 20 px brush: one piece, but no brush writes that thin."""
    page = np.zeros((300, 300), np.uint8)
    page[:240, :240] = draw.character(240, thickness=20)
    cv2.putText(page, "8", (262, 288), cv2.FONT_HERSHEY_SIMPLEX, 0.8, 255, 1, cv2.LINE_AA)
    assert _reason(page) == "extra_characters"


def _flat_character() -> np.ndarray:
    """A flat brush character low on the page, as 心 or 以 sit: its box's middle is below the page's."""
    page = np.zeros((240, 300), np.uint8)
    cv2.line(page, (20, 200), (200, 185), 255, 18)
    cv2.line(page, (60, 140), (80, 165), 255, 16)
    cv2.line(page, (150, 135), (175, 160), 255, 16)
    return page


def test_pen_letters_beside_a_flat_character_s_upper_half_are_notes():
    """Notes beside a flat character sit above its box's middle, where the rule otherwise looks for the character's
    own parts: three or more pieces written with a pen are notes there too."""
    page = _flat_character()
    cv2.putText(page, "k6k0", (214, 150), cv2.FONT_HERSHEY_SIMPLEX, 0.6, 255, 1, cv2.LINE_AA)
    assert _reason(page) == "extra_characters"


def test_two_thin_strokes_beside_a_flat_character_s_upper_half_are_its_own():
    """A thin 亻 beside the rest of a cursive 他 is two pieces: the character's, however thin."""
    page = _flat_character()
    cv2.line(page, (236, 110), (220, 135), 255, 2)
    cv2.line(page, (232, 125), (232, 170), 255, 2)
    assert _reason(page) is None
