"""Metrics of generated images against real ones, each a function of a `MetricContext` (context.py):
FID offline and its real-vs-real floor (fid.py), KID, PRDC, diversity, near copies (near duplicates and
memorisation, copies.py) and stroke structure (glyphs.py). What they share: features.py (FID's Inception
network, weights and extraction), stats.py (input checks, subsamples, feature statistics and their cache),
similarity.py (nearest neighbours, thumbnails, SSIM)."""
