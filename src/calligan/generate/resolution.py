"""Whether the generator's resolution can reach the export size with the chosen upscaling."""

from __future__ import annotations

from calligan.errors import CalliganError


def check_resolution(*, generator_size: int, export_size: int, upscale: str) -> None:
    """generator_size: side the model draws; export_size: side wanted; upscale: none|bicubic|bicubic-matched."""
    if upscale == "none" and generator_size != export_size:
        raise CalliganError(
            f"the generator draws {generator_size} px images but generate.export_size is {export_size} and "
            f"generate.upscale=none; set generate.upscale=bicubic-matched or train at {export_size} px"
        )
    if upscale != "none" and generator_size >= export_size:
        raise CalliganError(
            f"generate.upscale={upscale} needs a generator smaller than generate.export_size={export_size}, "
            f"but it draws {generator_size} px images; set generate.upscale=none"
            + (" (no resizing down is done)" if generator_size > export_size else "")
        )
