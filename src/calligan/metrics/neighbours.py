"""Exact nearest-neighbour distances in chunks, so N×M distance matrices never sit in memory whole."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import torch

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
