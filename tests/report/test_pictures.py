import imageio.v3 as iio
import numpy as np

from calligan.export.polarity import ink_on_paper
from calligan.report.pictures import grid_png


def test_grids_are_in_submission_polarity_with_gray_separators():
    images = np.zeros((3, 8, 8), np.uint8)  # ink-free pages in the stages' convention: black
    images[1, 2:6, 2:6] = 255  # one bright stroke
    grid = iio.imread(grid_png(ink_on_paper(images), nrow=2))
    assert grid.shape == (2 * (8 + 2) + 2, 2 * (8 + 2) + 2)  # 2 rows of 2, 2 px padding
    assert grid[3, 3] == 255 and grid[12 + 3, 3] == 255  # paper is white
    assert grid[2 + 2, 10 + 2 + 2] == 0  # the stroke of image 1 is black ink
    assert grid[0, 0] == round(0.8 * 255)  # separator gray, so white pages keep their edges
