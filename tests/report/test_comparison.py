import numpy as np

from calligan.report.comparison import PER_SIDE, ROWS, comparison


def _pack(count, labels=None, classes=None):
    pack = {"images": np.zeros((count, 16, 16), np.uint8)}
    if labels is not None:
        pack["labels"] = np.asarray(labels)
    if classes is not None:
        pack["classes"] = np.asarray(classes)
    return pack


def test_conditional_rows_pair_real_and_generated_of_one_character():
    classes = [chr(0x4E00 + i) for i in range(10)]
    real = _pack(40, labels=np.arange(40) % 10, classes=classes)
    fake = _pack(30, labels=np.arange(30) % 10)
    html = comparison(real=real, generated=fake)
    assert html.count('class="pair-row"') == ROWS
    assert html.count("<img ") == 2 * ROWS
    assert f'alt="{PER_SIDE} real samples of {classes[0]}"' in html and f'generated samples of {classes[9]}' in html
    assert "16 px" in html


def test_unconditional_model_gets_a_real_grid_beside_a_generated_grid():
    html = comparison(real=_pack(40, labels=np.zeros(40, int)), generated=_pack(30))
    assert html.count("<img ") == 2 and 'alt="16 real samples"' in html and 'alt="16 generated samples"' in html
    assert "takes no labels" in html
