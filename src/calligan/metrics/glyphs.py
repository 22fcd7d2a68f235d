"""Glyph structure: what is wrong with the generated characters, each figure beside the same one on real glyphs.

FID says how far a generated set is from the real one, not what is wrong with it. These figures read the ink
(pixels >= `ink_level`, ink bright on dark) and put numbers on the faults a reader sees in GAN calligraphy:

- specks: dust floating around the glyph, as ink components far smaller than those of real glyphs;
- blots: ink pooled where strokes cross, as the local stroke width (read on the skeleton) against the real
  widths, and the share of ink in regions wider than the real data's widest strokes;
- broken strokes: more ink components per glyph than real glyphs have, overall and class by class;
- jagged or smudged edges: grey pixels, where real calligraphy is nearly black and white.

Every threshold except the grey levels is taken from the real set and applied to both sets, so the figures
mean the same on any calligraphy, at 128 px or 64 px, and a real column shows what "normal" is.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from scipy.stats import wasserstein_distance
from skimage.morphology import skeletonize

from calligan.errors import CalliganError

# Grey levels: at or below BACKGROUND_LEVEL a pixel is background despite scan or generator noise; at or above
# SOLID_INK_LEVEL it is solid ink; in between it is grey, an anti-aliased, smudged or jagged edge.
BACKGROUND_LEVEL = 16
SOLID_INK_LEVEL = 240


class GlyphInputError(CalliganError, ValueError):
    """Images these metrics cannot read: a ValueError to callers, one printed line to the CLI."""


@dataclass
class _InkMeasures:
    """One set's per-image measurements, kept until the real set has fixed the thresholds."""

    areas: list[np.ndarray]  # per image: the areas (px) of its 8-connected ink components
    # per image: skeleton rows, columns and the distance (px) from each skeleton pixel to the background
    skeletons: list[tuple[np.ndarray, np.ndarray, np.ndarray]]

    def widths(self) -> np.ndarray:
        """Local stroke widths (px) at every skeleton pixel of the set."""
        return _width(np.concatenate([distance for _, _, distance in self.skeletons]))


def glyph_structure(
    generated: np.ndarray,
    real: np.ndarray,
    *,
    generated_labels: np.ndarray | None = None,  # (N,) class of each generated image; with real_labels only
    real_labels: np.ndarray | None = None,  # (M,) class of each real image; enables the per-class comparison
    ink_level: int = 128,  # a pixel at or above it is ink
    # Components under this quantile of the real component areas are specks. The 1st percentile lets up to
    # 1 % of real components (scan dust) fall below it; the minimum would be set by one real 1 px speck and
    # then leave nothing smaller to count.
    speck_quantile: float = 0.01,
    # Strokes wider than this quantile of the real skeleton widths are wide: wider than all but the 1 % widest
    # real skeleton points, the crossings of thick strokes.
    wide_quantile: float = 0.99,
) -> dict:
    """Specks, stroke widths, components and grey edges of uint8 (N, H, W) generated and (M, H, W) real glyphs.

    Returns a JSON-ready dict; each {"generated", "real"} pair is one row of a "metric | generated | real"
    table. A figure a set cannot have (a width where it holds no ink) is None.
    """
    _require_glyphs(generated, what="generated images")
    _require_glyphs(real, what="real images")
    if generated.shape[1:] != real.shape[1:]:
        raise GlyphInputError(
            f"resolution mismatch: generated images are {_size(generated)} but real images are {_size(real)}; "
            "score both sets at the same size"
        )
    _require_labels(generated_labels, real_labels, generated=generated, real=real)
    if not 1 <= ink_level <= 255:
        raise GlyphInputError(f"ink_level must lie in 1..255, got {ink_level}")
    for name, quantile in (("speck_quantile", speck_quantile), ("wide_quantile", wide_quantile)):
        if not 0.0 < quantile < 1.0:
            raise GlyphInputError(f"{name} must lie strictly between 0 and 1, got {quantile}")

    real_ink = _measure(real, ink_level=ink_level)
    real_areas = np.concatenate(real_ink.areas)
    if not real_areas.size:
        raise GlyphInputError(
            f"real images hold no ink at ink_level {ink_level}; glyph metrics need ink bright on dark: "
            "invert the images or lower ink_level"
        )
    generated_ink = _measure(generated, ink_level=ink_level)
    # "lower" and "higher" pick areas and widths that occur in the real data, so the thresholds are real sizes.
    speck_area = int(np.quantile(real_areas, speck_quantile, method="lower"))
    real_widths, generated_widths = real_ink.widths(), generated_ink.widths()
    wide_px = float(np.quantile(real_widths, wide_quantile, method="higher"))

    specks = {side: _speck_counts(ink, speck_area=speck_area) for side, ink in
              (("generated", generated_ink), ("real", real_ink))}
    components = {side: _component_counts(ink, speck_area=speck_area) for side, ink in
                  (("generated", generated_ink), ("real", real_ink))}
    per_class = None
    if generated_labels is not None:
        per_class = _per_class_abs_diff(components["generated"], components["real"],
                                        generated_labels=np.asarray(generated_labels),
                                        real_labels=np.asarray(real_labels))
    return {
        "count": {"generated": len(generated), "real": len(real)},
        "rule": (
            f"ink: pixel >= {ink_level}; speck: an 8-connected ink component under {speck_area} px (the real "
            f"components' {speck_quantile:g} quantile of area); stroke width: 2 x distance to background - 1 on "
            f"the skeleton; wide: over {wide_px:.2f} px (the real skeleton widths' {wide_quantile:g} quantile); "
            f"grey: {BACKGROUND_LEVEL} < v < {SOLID_INK_LEVEL} among pixels > {BACKGROUND_LEVEL}"
        ),
        "speck_area_px": speck_area,
        "wide_stroke_px": wide_px,
        "specks": {
            "image_share": {side: float(np.mean(counts > 0)) for side, counts in specks.items()},
            "per_image": {side: float(np.mean(counts)) for side, counts in specks.items()},
        },
        "stroke_width": {
            "wasserstein_px": (float(wasserstein_distance(generated_widths, real_widths))
                               if generated_widths.size else None),
            "median_px": {"generated": float(np.median(generated_widths)) if generated_widths.size else None,
                          "real": float(np.median(real_widths))},
        },
        "wide_ink_share": {
            "generated": _wide_ink_share(generated, generated_ink, ink_level=ink_level, wide_px=wide_px),
            "real": _wide_ink_share(real, real_ink, ink_level=ink_level, wide_px=wide_px),
        },
        "components": {
            "per_glyph": {side: float(np.mean(counts)) for side, counts in components.items()},
            "per_class_abs_diff": per_class,
        },
        "grey_share": {"generated": _grey_share(generated), "real": _grey_share(real)},
    }


def median_stroke_width(images: np.ndarray, *, ink_level: int = 128) -> float:
    """The median local stroke width (px, on the skeleton) of uint8 (N, H, W) glyphs, ink bright on dark."""
    _require_glyphs(images, what="images")
    widths = _measure(images, ink_level=ink_level).widths()
    if not widths.size:
        raise GlyphInputError(f"the images hold no ink at ink_level {ink_level}; a stroke width needs ink bright on dark")
    return float(np.median(widths))


def _measure(images: np.ndarray, *, ink_level: int) -> _InkMeasures:
    areas, skeletons = [], []
    for image in images:
        ink = (image >= ink_level).astype(np.uint8)
        _, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
        areas.append(stats[1:, cv2.CC_STAT_AREA])  # row 0 is the background
        # OpenCV takes the outside of the image for ink; a background frame makes strokes end at the edge.
        framed = cv2.copyMakeBorder(ink, 1, 1, 1, 1, cv2.BORDER_CONSTANT, value=0)
        distance = cv2.distanceTransform(framed, cv2.DIST_L2, cv2.DIST_MASK_PRECISE)[1:-1, 1:-1]
        rows, cols = np.nonzero(skeletonize(ink.astype(bool)))
        skeletons.append((rows, cols, distance[rows, cols]))
    return _InkMeasures(areas, skeletons)


def _width(distance: np.ndarray) -> np.ndarray:
    # The distance runs to the nearest background pixel's centre, half a pixel past the stroke's edge on
    # either side: without the -1 a 5 px line would measure 6.
    return 2.0 * distance - 1.0


def _speck_counts(ink: _InkMeasures, *, speck_area: int) -> np.ndarray:
    return np.array([np.count_nonzero(areas < speck_area) for areas in ink.areas])


def _component_counts(ink: _InkMeasures, *, speck_area: int) -> np.ndarray:
    # Specks are counted as specks; left in, dust would read as broken strokes.
    return np.array([np.count_nonzero(areas >= speck_area) for areas in ink.areas])


def _per_class_abs_diff(generated: np.ndarray, real: np.ndarray, *, generated_labels: np.ndarray,
                        real_labels: np.ndarray) -> float:
    """Mean over the classes in both sets of |generated - real| mean components per glyph."""
    shared = np.intersect1d(generated_labels, real_labels)
    if not shared.size:
        raise GlyphInputError("generated_labels and real_labels share no class; label both sets the same way")
    return float(np.mean([abs(generated[generated_labels == label].mean() - real[real_labels == label].mean())
                          for label in shared]))


def _wide_ink_share(images: np.ndarray, ink: _InkMeasures, *, ink_level: int, wide_px: float) -> float | None:
    """Share of the set's ink pixels inside the maximal disks of skeleton points wider than `wide_px`."""
    total = covered = 0
    for image, (rows, cols, distance) in zip(images, ink.skeletons):
        mask = image >= ink_level
        total += np.count_nonzero(mask)
        wide = _width(distance) > wide_px
        if not wide.any():
            continue
        disks = np.zeros(image.shape, np.uint8)
        for row, col, radius in zip(rows[wide], cols[wide], distance[wide]):
            cv2.circle(disks, (int(col), int(row)), int(round(radius)), 1, thickness=-1)
        # A rounded-up radius reaches the background pixel that set it; only ink counts.
        covered += np.count_nonzero(disks.astype(bool) & mask)
    return covered / total if total else None


def _grey_share(images: np.ndarray) -> float | None:
    marked = np.count_nonzero(images > BACKGROUND_LEVEL)
    grey = marked - np.count_nonzero(images >= SOLID_INK_LEVEL)
    return grey / marked if marked else None


def _require_glyphs(images: np.ndarray, *, what: str) -> None:
    if not isinstance(images, np.ndarray) or images.dtype != np.uint8 or images.ndim != 3:
        shape = f"{images.dtype} {images.shape}" if isinstance(images, np.ndarray) else type(images).__name__
        raise GlyphInputError(f"{what}: expected uint8 gray images shaped (N, H, W), got {shape}")
    if not len(images):
        raise GlyphInputError(f"{what}: the set is empty; glyph structure needs at least one image on each side")


def _require_labels(generated_labels: np.ndarray | None, real_labels: np.ndarray | None, *,
                    generated: np.ndarray, real: np.ndarray) -> None:
    if (generated_labels is None) != (real_labels is None):
        raise GlyphInputError("give generated_labels and real_labels together, or neither")
    if generated_labels is None:
        return
    for what, labels, images in (("generated", generated_labels, generated), ("real", real_labels, real)):
        if np.shape(labels) != (len(images),):
            raise GlyphInputError(
                f"{what}_labels: expected one label per image, shape ({len(images)},), got {np.shape(labels)}"
            )


def _size(images: np.ndarray) -> str:
    return "x".join(str(side) for side in images.shape[1:])
