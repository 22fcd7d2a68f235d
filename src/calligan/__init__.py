"""calligan: not enough data? let a GAN make more."""

__version__ = "0.1.0"
