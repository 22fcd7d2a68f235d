"""Metrics of generated images against real ones: FID (offline) and its real-vs-real floor, KID, PRDC,
diversity, near duplicates and memorisation; each a function of a `MetricContext` in its own file."""
