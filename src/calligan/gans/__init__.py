"""The GAN families; importing the package registers each of them in `registry.FAMILIES`."""

from calligan.gans import dcgan, gan, infogan, wgan, wgan_gp  # noqa: F401  (registration side effect)
