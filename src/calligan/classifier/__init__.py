"""A small CNN trained on the real characters, and the scores it gives generated images."""
