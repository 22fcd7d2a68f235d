"""Seal red: the vermilion of a stamp told apart by its hue on a colour page (grey ink and paper have none)."""

from __future__ import annotations

import cv2
import numpy as np

from calligan.config.prepare import DirtParams


def seal_red(colour: np.ndarray, shape: tuple[int, int], dirt: DirtParams) -> np.ndarray:
    """0/1 uint8 mask, of `shape` (the analysis copy's), of the pixels of `colour` (BGR) in seal red."""
    if colour.shape[:2] != shape:
        colour = cv2.resize(colour, shape[::-1], interpolation=cv2.INTER_AREA)
    hsv = cv2.cvtColor(colour, cv2.COLOR_BGR2HSV)  # hue 0-180 in OpenCV: red wraps around 0
    low = cv2.inRange(hsv, (0, dirt.red_min_saturation, dirt.red_min_value), (dirt.red_max_hue, 255, 255))
    high = cv2.inRange(hsv, (180 - dirt.red_max_hue, dirt.red_min_saturation, dirt.red_min_value), (180, 255, 255))
    return cv2.bitwise_or(low, high) // 255
