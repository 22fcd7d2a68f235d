import dataclasses
import io
import json
import zipfile

import cv2
import numpy as np
import pandas as pd
import pytest
from PIL import Image

from calligan.config.prepare import PrepareParams
from calligan.errors import CalliganError
from calligan.prepare import stage


@pytest.fixture
def source(tmp_path, draw):
    """Two classes in competition layout with one of each kind of trouble."""
    root = tmp_path / "src" / "train"
    for first, label in ((6, "永"), (11, "一")):
        (root / label).mkdir(parents=True)
        for i in range(4):
            page = np.zeros((260, 300), np.uint8)
            page[10:250, 30:270] = draw.character(240, thickness=first + i)
            cv2.line(page, (60, 200 - 40 * i), (240, 60 + 40 * i), 255, 9)  # a stroke that differs per sample
            paper = draw.on_paper(page, noise=3, seed=i)
            data = draw.encode(paper, "JPEG", quality=90) if i % 2 else draw.encode(page, "PNG")
            (root / label / f"{i:05d}.{'jpg' if i % 2 else 'png'}").write_bytes(data)
    framed = np.zeros((200, 200), np.uint8)
    framed[20:180, 20:180] = draw.character(160)
    cv2.rectangle(framed, (4, 4), (195, 195), 255, 2)
    (root / "永" / "frame.png").write_bytes(draw.encode(framed))
    copy = np.asarray(Image.open(root / "永" / "00000.png"))
    (root / "永" / "zz_copy.jpg").write_bytes(draw.encode(copy, "JPEG", quality=95))
    whole = (root / "一" / "00001.jpg").read_bytes()
    (root / "一" / "broken.jpg").write_bytes(whole[: len(whole) // 2])
    (root / "一" / "empty.png").write_bytes(b"")
    (root / "一" / ".DS_Store").write_bytes(b"junk")
    return tmp_path / "src"


def _params(source, out, **changes):
    return dataclasses.replace(PrepareParams(source=str(source), out=str(out), image_size=32, reference_size=64), **changes)


def test_outputs_counts_and_manifest(source, tmp_path):
    summary = stage.run(_params(source, tmp_path / "out", workers=1), progress=False)
    out = tmp_path / "out"
    manifest = pd.read_csv(out / "manifest.csv", keep_default_na=False)
    assert list(manifest["path"]) == sorted(manifest["path"])
    status = dict(zip(manifest["path"], zip(manifest["status"], manifest["reason"])))
    assert status["train/永/frame.png"] == ("rejected", "frame")
    assert status["train/永/zz_copy.jpg"] == ("rejected", "duplicate")
    copies = manifest[manifest["duplicate_of"] != ""]
    assert dict(zip(copies["path"], copies["duplicate_of"])) == {"train/永/zz_copy.jpg": "train/永/00000.png"}
    assert status["train/一/broken.jpg"] == ("unreadable", "decode_error")
    assert status["train/一/empty.png"] == ("unreadable", "empty")
    assert sum(s == ("kept", "") for s in status.values()) == 8
    assert set(manifest["split"]) == {"train"} and manifest["width"].max() == 300
    trained = manifest[(manifest["status"] == "kept") & (manifest["subset"] == "train")]
    assert summary["subset"] == {"train": len(trained), "heldout": 8 - len(trained)} and len(trained) == 6  # 10 % a class
    with np.load(out / "dataset.npz") as packed, np.load(out / "reference_64.npz") as reference:
        assert packed["images"].shape == (6, 32, 32) and packed["images"].dtype == np.uint8
        assert packed["labels"].dtype == np.int64 and list(packed["classes"]) == ["一", "永"]
        assert reference["images"].shape == (6, 64, 64)
        np.testing.assert_array_equal(reference["labels"], packed["labels"])
        assert [packed["classes"][i] for i in packed["labels"]] == list(trained["label"])
    assert summary["status"] == {"kept": 8, "rejected": 2, "unreadable": 2}
    assert summary["class"]["永"] == {"kept": 4, "rejected": 2}
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["status"] == summary["status"]
    sheet = cv2.imread(str(out / "rejects.png"), cv2.IMREAD_GRAYSCALE)
    assert sheet.shape[0] > 96 and sheet.shape[1] >= 2 * 96  # two tiles with captions


def test_same_input_gives_identical_bytes_with_any_worker_count(source, tmp_path):
    stage.run(_params(source, tmp_path / "a", workers=1), progress=False)
    stage.run(_params(source, tmp_path / "b", workers=2), progress=False)
    for name in ("dataset.npz", "reference_64.npz", "manifest.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_zip_of_the_same_data_gives_the_same_dataset(source, tmp_path):
    archive = tmp_path / "src.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(source.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(source).as_posix())
    stage.run(_params(source, tmp_path / "a", workers=1), progress=False)
    stage.run(_params(archive, tmp_path / "b", workers=1), progress=False)
    assert (tmp_path / "a" / "dataset.npz").read_bytes() == (tmp_path / "b" / "dataset.npz").read_bytes()


def test_damaged_zip_members_are_unreadable_rows_and_the_run_goes_on(source, tmp_path):
    archive = tmp_path / "src.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(source.rglob("*")):
            if path.is_file():
                method = zipfile.ZIP_LZMA if path.name == "00002.png" else zipfile.ZIP_DEFLATED
                zf.write(path, path.relative_to(source).as_posix(), compress_type=method)
        zf.writestr("train/永/damaged.png", (source / "train" / "永" / "00000.png").read_bytes())
    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as zf:
        member = zf.getinfo("train/永/damaged.png")
        start = member.header_offset + 30 + len(member.filename.encode()) + len(member.extra)
    data[start + member.compress_size // 2] ^= 0xFF  # the CRC no longer matches
    archive.write_bytes(bytes(data))
    stage.run(_params(archive, tmp_path / "out", workers=2), progress=False)
    manifest = pd.read_csv(tmp_path / "out" / "manifest.csv", keep_default_na=False).set_index("path")
    assert manifest.loc["train/永/damaged.png", ["status", "reason"]].tolist() == ["unreadable", "read_error"]
    assert manifest.loc["train/一/00002.png", "status"] == "kept"  # an LZMA member reads like any other


def test_a_failed_run_leaves_earlier_outputs_whole(source, tmp_path, monkeypatch):
    out = tmp_path / "out"
    stage.run(_params(source, out, workers=1), progress=False)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(stage, "write_manifest", crash)
    with pytest.raises(KeyboardInterrupt):
        stage.run(_params(source, out, workers=1, image_size=16), progress=False)
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    assert set(after) == set(before)  # no temporary files left behind
    assert after["manifest.csv"] == before["manifest.csv"]
    assert np.load(io.BytesIO(after["dataset.npz"]))["images"].shape[1] == 16  # written whole before the crash


def test_a_source_with_nothing_kept_fails(tmp_path, draw):
    (tmp_path / "src" / "一").mkdir(parents=True)
    (tmp_path / "src" / "一" / "1.png").write_bytes(draw.encode(np.full((50, 50), 240, np.uint8)))
    with pytest.raises(CalliganError, match="no image kept"):
        stage.run(_params(tmp_path / "src", tmp_path / "out", workers=1), progress=False)
    assert not (tmp_path / "out").exists()


def test_mnist_idx_source(shared_data, tmp_path):
    params = _params(shared_data / "mnist", tmp_path / "out", limit=5, reference_size=28, workers=1)
    summary = stage.run(params, progress=False)
    assert summary["status"] == {"kept": 50}
    with np.load(tmp_path / "out" / "reference_28.npz") as packed:
        assert packed["images"].shape == (50, 28, 28) and list(packed["classes"]) == [str(d) for d in range(10)]
    manifest = pd.read_csv(tmp_path / "out" / "manifest.csv")
    assert list(manifest["path"][:2]) == ["t10k-images.idx3-ubyte.gz#0000", "t10k-images.idx3-ubyte.gz#0001"]
    assert list(manifest["label"][:2]) == [7, 2] and set(manifest["split"]) == {"t10k"}


def test_reference_at_the_training_size_is_the_training_pack(source, tmp_path):
    out = tmp_path / "out"
    stage.run(_params(source, out, workers=1, reference_size=32), progress=False)
    with np.load(out / "dataset.npz") as packed, np.load(out / "reference_32.npz") as reference:
        np.testing.assert_array_equal(reference["images"], packed["images"])
        np.testing.assert_array_equal(reference["labels"], packed["labels"])
    assert not (out / "reference_64.npz").exists()
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["reference_size"] == 32


def test_gif_and_tiff_pages_are_kept_from_their_first_frame(tmp_path, draw):
    root = tmp_path / "src" / "train" / "永"
    root.mkdir(parents=True)
    pages = []
    for i in range(4):
        page = np.zeros((200, 200), np.uint8)
        page[20:180, 20:180] = draw.character(160, thickness=5 + 2 * i)
        cv2.line(page, (40, 150 - 30 * i), (160, 50 + 30 * i), 255, 7)
        pages.append(draw.on_paper(page, noise=0))
    blank = Image.fromarray(np.full((200, 200), 255, np.uint8))  # a later frame that alone would be `blank`
    for i, fmt in enumerate(("GIF", "TIFF")):
        buffer = io.BytesIO()
        Image.fromarray(pages[i]).save(buffer, format=fmt, save_all=True, append_images=[blank])
        (root / f"{i}.{fmt.lower()}").write_bytes(buffer.getvalue())
    (root / "2.tif").write_bytes(draw.encode(pages[2].astype(np.uint16) * 257, "TIFF"))  # 16-bit grey
    (root / "3.png").write_bytes(draw.encode(pages[3], "PNG"))
    stage.run(_params(tmp_path / "src", tmp_path / "out", workers=1), progress=False)
    manifest = pd.read_csv(tmp_path / "out" / "manifest.csv", keep_default_na=False)
    assert dict(zip(manifest["path"], manifest["status"])) == {
        "train/永/0.gif": "kept", "train/永/1.tiff": "kept", "train/永/2.tif": "kept", "train/永/3.png": "kept"
    }
