"""The training loop: length-bucketed batches, class-weighted loss, AdamW.

Batches are cut from lines of similar token length, so a batch pads to its
longest line rather than to the longest line of the corpus (on two CPU
cores, padding is most of the cost).  Class weights balance the attack
categories among themselves (inverse square root of frequency) while the
attack lines as a whole keep the weight they have in the data: weighting
every attack class up against benign made unfamiliar benign formats come out
as attacks (16% false positives on loghub's systems in the first model).

With a teacher (another model's logits for every training line), the loss
also pulls the student's tempered distribution towards the teacher's
(knowledge distillation): a smaller student learns the teacher's judgement
on each line, not only its label.
"""

from __future__ import annotations

import logging
import math
import random
import time
from collections import Counter
from collections.abc import Iterator, Sequence

import torch
from torch import nn
from torch.nn import functional

log = logging.getLogger(__name__)

BUCKET_BATCHES = 50  # batches per sort window


def batches(lengths: Sequence[int], batch_size: int, rng: random.Random) -> Iterator[list[int]]:
    """Indices in batches of similar length, in random order, forever."""
    while True:
        order = list(range(len(lengths)))
        rng.shuffle(order)
        window = batch_size * BUCKET_BATCHES
        cut: list[list[int]] = []
        for start in range(0, len(order), window):
            chunk = sorted(order[start : start + window], key=lengths.__getitem__)
            cut.extend(chunk[i : i + batch_size] for i in range(0, len(chunk), batch_size))
        rng.shuffle(cut)
        yield from cut


def pad(rows: Sequence[Sequence[int]]) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(r) for r in rows)
    ids = torch.zeros((len(rows), width), dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for i, row in enumerate(rows):
        ids[i, : len(row)] = torch.tensor(row)
        mask[i, : len(row)] = 1
    return ids, mask


def class_weights(labels: Sequence[int], num_labels: int, benign: int = 0) -> torch.Tensor:
    counts = Counter(labels)
    weights = torch.ones(num_labels)
    attacks = [i for i in range(num_labels) if i != benign and counts.get(i)]
    raw = {i: 1 / math.sqrt(counts[i]) for i in attacks}
    mass = sum(counts[i] for i in attacks)
    scale = mass / sum(counts[i] * raw[i] for i in attacks) if attacks else 1.0
    for i in attacks:
        weights[i] = raw[i] * scale
    return weights


def train(
    model: nn.Module,
    ids: Sequence[Sequence[int]],
    labels: Sequence[int],
    *,
    steps: int,
    batch_size: int,
    lr: float,
    seed: int,
    num_labels: int,
    evaluate: object = None,
    eval_every: int = 500,
    teacher: torch.Tensor | None = None,
    distill_weight: float = 0.5,
    temperature: float = 2.0,
    device: str = "cpu",
) -> list[dict[str, float]]:
    """Train in place; return the loss curve (every ``eval_every`` steps).

    ``teacher``: logits [len(ids), num_labels] to distil from; the loss is
    then ``(1 - distill_weight)`` of the labels' cross-entropy plus
    ``distill_weight`` of the KL divergence from the teacher at
    ``temperature`` (scaled by its square, as in Hinton et al.).
    """
    torch.manual_seed(seed)
    rng = random.Random(seed)
    model.to(device)
    weights = class_weights(labels, num_labels).to(device)
    criterion = nn.CrossEntropyLoss(weight=weights, label_smoothing=0.05)
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    warmup = max(1, steps // 20)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / (steps - warmup)))
    )
    target = torch.tensor(labels, device=device)
    if teacher is not None:
        teacher = teacher.to(device)
    history: list[dict[str, float]] = []
    model.train()
    started, running = time.monotonic(), 0.0
    for step, batch in enumerate(batches([len(r) for r in ids], batch_size, rng), start=1):
        input_ids, mask = pad([ids[i] for i in batch])
        logits = model(input_ids=input_ids.to(device), attention_mask=mask.to(device)).logits
        loss = criterion(logits, target[batch])
        if teacher is not None:
            soft = functional.kl_div(
                functional.log_softmax(logits / temperature, dim=1),
                functional.softmax(teacher[batch] / temperature, dim=1),
                reduction="batchmean",
            )
            loss = (1 - distill_weight) * loss + distill_weight * temperature**2 * soft
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        optimizer.zero_grad(set_to_none=True)
        running += loss.item()
        if step % eval_every == 0 or step == steps:
            point = {"step": step, "loss": running / eval_every,
                     "seconds": time.monotonic() - started}
            if callable(evaluate):
                model.eval()
                point.update(evaluate(model))
                model.train()
            history.append(point)
            log.info("step %d/%d %s", step, steps,
                     " ".join(f"{k}={v:.4g}" for k, v in point.items() if k != "step"))
            running = 0.0
        if step >= steps:
            break
    model.eval()
    return history


def predict(model: nn.Module, ids: Sequence[Sequence[int]], device: str = "cpu",
            batch: int = 256) -> torch.Tensor:
    """The model's logits for every row of ``ids``, in order, on the CPU
    (rows run sorted by length, so that little of the work is padding)."""
    model.to(device)
    model.eval()
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    out = torch.empty((len(ids), model.config.num_labels))
    with torch.no_grad():
        for start in range(0, len(order), batch):
            rows = order[start : start + batch]
            input_ids, mask = pad([ids[i] for i in rows])
            out[rows] = model(input_ids=input_ids.to(device),
                              attention_mask=mask.to(device)).logits.float().cpu()
    return out
