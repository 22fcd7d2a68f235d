"""The GAN families, one class each; `registry.FAMILIES` lists them by name."""
