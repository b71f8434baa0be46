"""A trained model's weights as small half-precision shards, and back.

Training on a borrowed GPU machine returns files of at most 16 MiB each, so
the student travels as fp16 safetensors shards (the word embeddings, 23 MB
in fp16, split by rows) and is exported to ONNX here, with this machine's
tested exporter.  fp16 changes a weight by at most 2^-11 of its value, far
below what the int8 quantization of the export changes.
"""

from __future__ import annotations

import json
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

SHARD_BYTES = 12 * 1024 * 1024
META = "weights.json"
_PART = "@part"


def save(state: dict[str, torch.Tensor], directory: Path, meta: dict[str, object]) -> list[Path]:
    """Write ``state`` in fp16 shards of at most :data:`SHARD_BYTES` (a tensor
    larger than that is split by rows) and ``meta`` beside them."""
    directory.mkdir(parents=True, exist_ok=True)
    pieces: list[tuple[str, torch.Tensor]] = []
    for name, tensor in state.items():
        half = tensor.detach().to("cpu", torch.float16).contiguous()
        size = half.numel() * half.element_size()
        if size <= SHARD_BYTES or half.dim() == 0:
            pieces.append((name, half))
            continue
        rows = max(1, SHARD_BYTES // (size // half.shape[0]))
        for part, start in enumerate(range(0, half.shape[0], rows)):
            pieces.append((f"{name}{_PART}{part}", half[start : start + rows].clone()))
    shards: list[dict[str, torch.Tensor]] = [{}]
    used = 0
    for name, tensor in pieces:
        size = tensor.numel() * tensor.element_size()
        if shards[-1] and used + size > SHARD_BYTES:
            shards.append({})
            used = 0
        shards[-1][name] = tensor
        used += size
    paths = []
    for index, shard in enumerate(shards):
        path = directory / f"weights-{index}.safetensors"
        save_file(shard, str(path))
        paths.append(path)
    write_meta(directory, {**meta, "shards": len(shards)})
    return paths


def write_meta(directory: Path, meta: dict[str, object]) -> None:
    """Replace the meta beside saved shards (what later runs found, say)."""
    if "shards" not in meta:
        meta = {**meta, "shards": json.loads((directory / META).read_text())["shards"]}
    (directory / META).write_text(json.dumps(meta, indent=1) + "\n")


def load(directory: Path) -> tuple[dict[str, torch.Tensor], dict[str, object]]:
    """The fp32 state and the meta that :func:`save` wrote."""
    meta = json.loads((directory / META).read_text())
    parts: dict[str, list[tuple[int, torch.Tensor]]] = {}
    state: dict[str, torch.Tensor] = {}
    for index in range(int(meta["shards"])):
        for name, tensor in load_file(str(directory / f"weights-{index}.safetensors")).items():
            if _PART in name:
                base, part = name.rsplit(_PART, 1)
                parts.setdefault(base, []).append((int(part), tensor))
            else:
                state[name] = tensor.float()
    for base, pieces in parts.items():
        state[base] = torch.cat([t for _, t in sorted(pieces, key=lambda p: p[0])]).float()
    return state, meta
