"""From a trained generator to packed images: sampling, class balance, upscaling, intensity matching."""
