"""The installed environment is the locked one, and lean: one OpenCV, the headless build."""

from __future__ import annotations

import importlib.metadata
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

# OpenCV's builds with a GUI: they need libGL, and whichever is installed last is the `cv2` that loads.
OPENCV_GUI_DISTRIBUTIONS = ("opencv-python", "opencv-contrib-python")


def _lock(repo_root) -> dict[str, Requirement]:
    """requirements.lock's pins that apply to this interpreter, by canonical name."""
    pins = {}
    for line in (repo_root / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if line and not line[0].isspace() and not line.startswith("#"):
            pin = Requirement(line)
            if pin.marker is None or pin.marker.evaluate():
                pins[canonicalize_name(pin.name)] = pin
    return pins


@pytest.mark.parametrize("name", OPENCV_GUI_DISTRIBUTIONS)
def test_no_opencv_gui_build_is_installed(name):
    with pytest.raises(importlib.metadata.PackageNotFoundError):
        importlib.metadata.distribution(name)


def test_the_lock_satisfies_every_declared_dependency(repo_root):
    project = tomllib.loads((repo_root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = [Requirement(text) for text in project["dependencies"] + project["optional-dependencies"]["dev"]]
    pins = _lock(repo_root)
    for requirement in declared:
        pin = pins.get(canonicalize_name(requirement.name))
        assert pin is not None, f"{requirement.name} is not in requirements.lock: run `bash scripts/lock.sh`"
        (version,) = (spec.version for spec in pin.specifier)
        assert requirement.specifier.contains(version, prereleases=True), (
            f"requirements.lock pins {pin} outside pyproject.toml's {requirement}: run `bash scripts/lock.sh`"
        )


def test_the_installed_releases_are_the_locked_ones(repo_root):
    """A build of the locked release for another CUDA (a local version such as +cu126, see the README) counts."""
    for name, pin in _lock(repo_root).items():
        (version,) = (spec.version for spec in pin.specifier)
        assert Version(importlib.metadata.version(name)).public == Version(version).public, (
            f"{name} {importlib.metadata.version(name)} is installed, the lock says {version}: "
            "run `bash scripts/setup-env.sh`"
        )
