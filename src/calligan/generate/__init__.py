"""From a trained generator to packed images: sampling (seeds, balanced classes, truncation, drawing),
selection (ranking an oversampled set), postprocess (upscaling, intensity matching, despeckling) and the stage."""
