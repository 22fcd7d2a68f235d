"""The training engine: one generic loop for every GAN family, resumable, EMA, AMP, DDP."""
