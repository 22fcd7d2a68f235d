"""Data stage: ingest (zip, folder, MNIST IDX), clean, filter dirt, pack, and load for training."""
