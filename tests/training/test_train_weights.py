"""fp16 weight shards small enough to come back from a borrowed GPU machine."""

from __future__ import annotations

from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

from insyt.training.classifier import weights  # noqa: E402


def test_shards_stay_under_the_limit_and_load_back(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(weights, "SHARD_BYTES", 4096)
    state = {"big": torch.randn(100, 30), "small": torch.randn(7), "scalar": torch.tensor(2.0)}
    paths = weights.save(state, tmp_path, {"layers": [0, 1]})
    assert len(paths) == 2 and all(p.stat().st_size < 4096 + 1024 for p in paths)  # big is split
    loaded, meta = weights.load(tmp_path)
    assert meta["layers"] == [0, 1] and set(loaded) == set(state)
    for name, tensor in state.items():
        assert loaded[name].dtype == torch.float32
        assert torch.allclose(loaded[name], tensor, rtol=1e-3, atol=1e-3)
    weights.write_meta(tmp_path, {"layers": [0, 1], "note": "later"})
    assert weights.load(tmp_path)[1]["note"] == "later"
