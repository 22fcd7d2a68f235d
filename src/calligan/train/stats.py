"""Per-step losses summed on the device and read once per log row (no GPU sync every step)."""

from __future__ import annotations

import torch

from calligan.errors import CalliganError


class StepStats:
    def __init__(self, device: torch.device) -> None:
        self.device = device
        self._sums: dict[str, torch.Tensor] = {}
        self._counts: dict[str, int] = {}
        # The first step whose loss was NaN/inf, -1 while all are finite; kept on the device.
        self.first_bad = torch.full((), -1, dtype=torch.int64, device=device)

    def add(self, *, step: int, losses: list[torch.Tensor], stats: dict[str, torch.Tensor]) -> None:
        """step: the generator step these losses belong to (1-based, as logged)."""
        for key, value in stats.items():
            value = value.detach().float()
            self._sums[key] = self._sums[key] + value if key in self._sums else value
            self._counts[key] = self._counts.get(key, 0) + 1
        finite = torch.stack([loss.detach().float() for loss in losses]).isfinite().all()
        self.first_bad = torch.where((self.first_bad < 0) & ~finite, step, self.first_bad)

    def bad_step(self) -> int | None:
        bad = int(self.first_bad.item())
        return bad if bad >= 0 else None

    def means(self) -> dict[str, float]:
        """Mean of every statistic since the last call, then start over."""
        out = {key: float(total.item()) / self._counts[key] for key, total in self._sums.items()}
        self._sums, self._counts = {}, {}
        return out


def non_finite_error(*, step: int, checkpoint_step: int | None, checkpoint: str) -> CalliganError:
    kept = (f"{checkpoint} still holds step {checkpoint_step}, the last good state" if checkpoint_step is not None
            else "no checkpoint was written")
    return CalliganError(f"a loss became NaN or infinite at step {step}; training stopped and {kept}. "
                         "Lower train.lr_g/train.lr_d (or use wgan-gp), then rerun")
