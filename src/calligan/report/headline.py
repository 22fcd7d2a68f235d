"""The page's first screen: the few numbers that matter, each with its sample counts and its meaning.

Every figure is a `<span class="figure" data-metric="a.b.c">` holding the value of that path in
metrics.json, so the page and the file can be checked against each other.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from calligan.errors import CalliganError
from calligan.report.inputs import lookup
from calligan.report.values import format_value

_REQUIRED = ("export.image_size", "export.fid.fid", "export.fid_floor.fid_floor", "export.kid.kid_mean",
             "export.kid.kid_std", "export.prdc.precision", "export.prdc.recall")
# FID/floor ratios that name how far from the floor a model is; words, not a pass or fail.
_NEAR, _FAR = 1.5, 4.0


def format_share(value: float) -> str:
    return f"{100 * value:.1f}&nbsp;%"


def _figure(metrics: Mapping, path: str, text: str | None = None) -> str:
    value = lookup(metrics, path)
    shown = format_value(value) if text is None else text
    return f'<span class="figure" data-metric="{path}" data-value="{value!r}">{shown}</span>'


def _card(title: str, figures: str, counts: str, meaning: str, *, tone: str = "") -> str:
    tone = f" {tone}" if tone else ""
    return (f'<div class="card{tone}"><h3>{title}</h3><p class="figures">{figures}</p>'
            f'<p class="counts">{counts}</p><p class="meaning">{meaning}</p></div>')


def _fid_card(metrics: Mapping) -> str:
    fid, floor = lookup(metrics, "export.fid.fid"), lookup(metrics, "export.fid_floor.fid_floor")
    size = lookup(metrics, "export.image_size")
    counts = (f"{format_value(lookup(metrics, 'export.fid.fake_count'))} generated vs "
              f"{format_value(lookup(metrics, 'export.fid.real_count'))} real at {size} px; floor: real vs real, "
              f"{format_value(lookup(metrics, 'export.fid_floor.count'))} each")
    if floor and floor > 0:
        ratio = fid / floor
        tone = "near" if ratio <= _NEAR else "far" if ratio >= _FAR else "between"
        distance = f"{ratio:.1f} &times; the real-vs-real floor"
    else:
        tone, distance = "", "no floor to compare with"
    if lookup(metrics, "export.reference") == "train":
        title, against = "FID vs training images", (
            "No real image was held out (prepare.holdout is false): this is against the images the generator "
            "trained on, which rewards memorising them. ")
    else:
        title, against = "FID vs held-out images", "Against real images the generator never trained on. "
    meaning = (f"{against}Distance of the generated set from the real one in Inception features, lower is "
               f"better; {distance}. FID grows as N shrinks: compare runs at equal N.")
    figures = f'{_figure(metrics, "export.fid.fid")}<span class="beside">floor {_figure(metrics, "export.fid_floor.fid_floor")}</span>'
    if lookup(metrics, "export_train.fid.fid") is not None:
        counts += (f"; against the training images {_figure(metrics, 'export_train.fid.fid')}, floor "
                   f"{_figure(metrics, 'export_train.fid_floor.fid_floor')}")
    return _card(f"{title} ({size} px)", figures, counts, meaning, tone=tone)


def _kid_card(metrics: Mapping) -> str:
    figures = f'{_figure(metrics, "export.kid.kid_mean")} &plusmn; {_figure(metrics, "export.kid.kid_std")}'
    counts = (f"{format_value(lookup(metrics, 'export.kid.subsets'))} subsets of "
              f"{format_value(lookup(metrics, 'export.kid.subset_size'))} images per set")
    return _card("KID", figures, counts, "Kernel distance in the same features, unbiased at small N; lower is better, 0 = indistinguishable.")


def _prdc_card(metrics: Mapping) -> str:
    figures = f'{_figure(metrics, "export.prdc.precision")} / {_figure(metrics, "export.prdc.recall")}'
    counts = (f"{format_value(lookup(metrics, 'export.prdc.fake_count'))} generated vs "
              f"{format_value(lookup(metrics, 'export.prdc.real_count'))} real, k = {format_value(lookup(metrics, 'export.prdc.k'))}")
    return _card("Precision / recall", figures, counts,
                 "Precision: generated images that look like real ones. Recall: real variety the generator reaches. Both 0-1, higher is better.")


def _label_card(metrics: Mapping) -> str | None:
    chance = lookup(metrics, "classifier.predicted_classes.n_classes")
    ceiling = lookup(metrics, "classifier.real_test.test_accuracy")
    context = f"chance {format_share(1 / chance)}" if chance else ""
    if ceiling is not None:
        context += f", the classifier on real images {format_share(ceiling)}"
    if lookup(metrics, "classifier.conditional.conditional_accuracy") is not None:
        value = lookup(metrics, "classifier.conditional.conditional_accuracy")
        figures = _figure(metrics, "classifier.conditional.conditional_accuracy", format_share(value))
        counts = f"{format_value(lookup(metrics, 'classifier.conditional.n_images'))} generated images; {context}"
        return _card("Conditional accuracy", figures, counts,
                     "Generated images the real-data classifier reads as the character asked for; higher is better.")
    if lookup(metrics, "classifier.code_agreement.agreement") is not None:
        value = lookup(metrics, "classifier.code_agreement.agreement")
        figures = _figure(metrics, "classifier.code_agreement.agreement", format_share(value))
        counts = (f"{format_value(lookup(metrics, 'classifier.code_agreement.n_images'))} images, "
                  f"{format_value(lookup(metrics, 'classifier.code_agreement.n_codes'))} codes mapping to "
                  f"{format_value(lookup(metrics, 'classifier.code_agreement.distinct_classes'))} classes; {context}")
        return _card("Code-class agreement (InfoGAN)", figures, counts,
                     "Images whose unsupervised code maps to the class the classifier sees; higher is better.")
    return None


def _coverage_card(metrics: Mapping) -> str | None:
    coverage = lookup(metrics, "classifier.predicted_classes.class_coverage")
    classes = lookup(metrics, "classifier.predicted_classes.n_classes")
    if coverage is None or not classes:
        return None
    covered = round(coverage * classes)
    figures = _figure(metrics, "classifier.predicted_classes.class_coverage", f"{covered:,} of {classes:,}")
    counts = (f"{format_value(lookup(metrics, 'classifier.predicted_classes.n_images'))} generated images; a character counts "
              f"from {format_value(lookup(metrics, 'classifier.predicted_classes.min_count'))} prediction(s)")
    return _card("Characters covered", figures, counts, "Characters the classifier finds among the generated images; more is better.")


# The glyph-structure rows: (label, path under glyphs., how to show a value, what a reader should see)
_GLYPH_ROWS = (
    ("images with specks", "specks.image_share", format_share, "ink dust far smaller than any real stroke"),
    ("specks per image", "specks.per_image", None, ""),
    ("ink components per glyph", "components.per_glyph", None, "more than real: broken strokes or specks"),
    ("median stroke width, px", "stroke_width.median_px", None, ""),
    ("ink in over-wide regions", "wide_ink_share", format_share, "blots where strokes cross"),
    ("grey pixels of the ink", "grey_share", format_share, "smudged or jagged edges"),
)


def _glyph_table(metrics: Mapping) -> str:
    """Specks, blots, broken strokes and grey edges of the generated glyphs beside the real ones."""
    if lookup(metrics, "glyphs.count.generated") is None:
        return ""

    def cell(path: str, show) -> str:
        value = lookup(metrics, path)
        return "<td>&ndash;</td>" if value is None else f"<td>{_figure(metrics, path, show(value) if show else None)}</td>"

    rows = "".join(
        f"<tr><th>{label}</th>{cell(f'glyphs.{path}.generated', show)}{cell(f'glyphs.{path}.real', show)}"
        f"<td>{hint}</td></tr>"
        for label, path, show, hint in _GLYPH_ROWS
    )
    against = "held-out" if lookup(metrics, "export.reference") != "train" else "training"
    notes = [f"{format_value(lookup(metrics, 'glyphs.count.generated'))} generated vs "
             f"{format_value(lookup(metrics, 'glyphs.count.real'))} {against} real images"]
    if lookup(metrics, "glyphs.stroke_width.wasserstein_px") is not None:
        notes.append(f"stroke widths differ from real by {_figure(metrics, 'glyphs.stroke_width.wasserstein_px')} "
                     "px (1-Wasserstein distance)")
    if lookup(metrics, "glyphs.components.per_class_abs_diff") is not None:
        notes.append(f"components per glyph differ from the same character's real ones by "
                     f"{_figure(metrics, 'glyphs.components.per_class_abs_diff')} on average")
    counts = "; ".join(notes)
    return ('<table class="glyphs"><caption>Strokes: generated beside real</caption>'
            "<thead><tr><th></th><th>generated</th><th>real</th><th>what it catches</th></tr></thead>"
            f'<tbody>{rows}</tbody></table><p class="counts">{counts}. {html.escape(lookup(metrics, "glyphs.rule") or "")}</p>')


def headline(metrics: Mapping) -> str:
    """The headline cards; the classifier's cards only when evaluate ran the classifier."""
    missing = [path for path in _REQUIRED if lookup(metrics, path) is None]
    if missing:
        raise CalliganError(f"metrics lack {', '.join(missing)}: not written by this version of "
                            f"`calligan evaluate`; rerun it")
    cards = [_fid_card(metrics), _kid_card(metrics), _prdc_card(metrics), _label_card(metrics), _coverage_card(metrics)]
    note = lookup(metrics, "summary.note")
    tail = f'<p class="note">{html.escape(note)}</p>' if note else ""
    return '<div class="cards">' + "".join(card for card in cards if card) + "</div>" + _glyph_table(metrics) + tail
