"""How alike images or feature vectors are: exact nearest neighbours in chunks, so N×M distance matrices
never sit in memory whole; small float thumbnails for a cheap search; SSIM for judgement."""

from __future__ import annotations

from collections.abc import Iterator

import cv2
import numpy as np
import torch
from skimage.metrics import structural_similarity

# Rows per distance block: 1024 × 20,000 float64 distances is 160 MB.
CHUNK_ROWS = 1024


def distance_blocks(queries: np.ndarray, references: np.ndarray) -> Iterator[tuple[int, torch.Tensor]]:
    """(first query row, Euclidean distances of that block of queries to every reference), float64."""
    refs = torch.from_numpy(np.asarray(references, dtype=np.float64))
    for start in range(0, len(queries), CHUNK_ROWS):
        block = torch.from_numpy(np.asarray(queries[start : start + CHUNK_ROWS], dtype=np.float64))
        yield start, torch.cdist(block, refs)


def kth_neighbour_distance(points: np.ndarray, *, k: int) -> np.ndarray:
    """Distance from each point to its k-th nearest other point of the same set (self excluded)."""
    radii = np.empty(len(points))
    for start, d in distance_blocks(points, points):
        # Each row's smallest distance is the point itself (0), so the k-th neighbour is at rank k.
        radii[start : start + len(d)] = d.topk(k + 1, dim=1, largest=False).values[:, k].numpy()
    return radii


def nearest_neighbour(queries: np.ndarray, references: np.ndarray, *, exclude_self: bool) -> tuple[np.ndarray, np.ndarray]:
    """(distance, index) of each query's nearest reference.

    exclude_self: queries and references are the same set; a point does not count as its own neighbour.
    """
    distances, indices = np.empty(len(queries)), np.empty(len(queries), dtype=np.int64)
    for start, d in distance_blocks(queries, references):
        if exclude_self:
            rows = torch.arange(len(d))
            d[rows, rows + start] = float("inf")
        best = d.min(dim=1)
        distances[start : start + len(d)] = best.values.numpy()
        indices[start : start + len(d)] = best.indices.numpy()
    return distances, indices


def downscaled(images: np.ndarray, *, size: int) -> np.ndarray:
    """(N, size*size[*3]) float32 in [0, 1]: area-averaged thumbnails, flattened for distance search.

    size: thumbnail side; small enough for fast exact search, large enough to tell characters apart.
    """
    thumbs = [cv2.resize(image, (size, size), interpolation=cv2.INTER_AREA) for image in images]
    return np.stack(thumbs).reshape(len(images), -1).astype(np.float32) / 255.0


def ssim(a: np.ndarray, b: np.ndarray) -> float:
    """SSIM of two uint8 images, gray (H, W) or RGB (H, W, 3)."""
    channel_axis = -1 if a.ndim == 3 else None
    return float(structural_similarity(a, b, data_range=255, channel_axis=channel_axis))
