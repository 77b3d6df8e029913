"""The Hugging Face path: LoRA / QLoRA on a pretrained base (e.g. Hermes-3-Llama-3.1-8B) with peft.

Imported only when `train.py --base` names a Hugging Face model, so the plain-torch path runs on
machines without transformers, peft or bitsandbytes. Uses the same loop and loss as the plain path.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import torch

from .data import Batch, Example

# The model planner's prompt ends with this (src/planner/prompt.ts TOOL_CALL_OPEN).
TOOL_CALL_OPEN = "<tool_call>\n"

# LoRA on every projection of a llama block (the QLoRA paper's finding: all linear layers matter).
HF_LORA_TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


def _require(module: str, purpose: str) -> Any:
    try:
        return __import__(module, fromlist=["_"])
    except ImportError:
        raise SystemExit(f"--base with a Hugging Face model needs the Python package {module!r} ({purpose}); "
                         "install training/pyproject.toml's [hf] extra, or train --from-scratch") from None


class HFLossModel:
    def __init__(self, base: str, lora_r: int, lora_alpha: float, lora_dropout: float, qlora: bool,
                 gradient_checkpointing: bool = True) -> None:
        transformers = _require("transformers", "base model and tokenizer")
        peft = _require("peft", "LoRA adapters")
        self.tokenizer = transformers.AutoTokenizer.from_pretrained(base)
        kwargs: dict[str, Any] = {"torch_dtype": torch.bfloat16}
        if qlora:
            _require("bitsandbytes", "4-bit QLoRA")
            kwargs["quantization_config"] = transformers.BitsAndBytesConfig(
                load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_use_double_quant=True,
                bnb_4bit_compute_dtype=torch.bfloat16)
        if torch.cuda.is_available():
            kwargs["device_map"] = {"": 0}
        model = transformers.AutoModelForCausalLM.from_pretrained(base, **kwargs)
        if qlora:
            model = peft.prepare_model_for_kbit_training(model, use_gradient_checkpointing=gradient_checkpointing)
        elif gradient_checkpointing:
            model.gradient_checkpointing_enable()
            model.enable_input_require_grads()
        config = peft.LoraConfig(r=lora_r, lora_alpha=lora_alpha, lora_dropout=lora_dropout,
                                 target_modules=HF_LORA_TARGETS, task_type="CAUSAL_LM")
        self.model = peft.get_peft_model(model, config)
        self.device = next(self.model.parameters()).device
        self._peft = peft

    def tokenize(self, rows: list[dict[str, Any]]) -> list[Example]:
        """Prompt/completion strings → ids with the base model's own tokenizer (BOS once, EOS at the end).

        As in the model planner, `<tool_call>\n` belongs to the prompt (the runtime writes it, the model
        continues with the call's JSON); Hermes-style vocabularies have it as one special token."""
        examples = []
        for n, row in enumerate(rows):
            prompt_text, completion_text = row["prompt"], row["completion"]
            if completion_text.startswith(TOOL_CALL_OPEN):
                prompt_text += TOOL_CALL_OPEN
                completion_text = completion_text[len(TOOL_CALL_OPEN):]
            prompt = self.tokenizer(prompt_text, add_special_tokens=True)["input_ids"]
            completion = self.tokenizer(completion_text, add_special_tokens=False)["input_ids"]
            examples.append(Example(str(row.get("id", n)), prompt, completion + [self.tokenizer.eos_token_id]))
        return examples

    def completion_logits(self, batch: Batch) -> torch.Tensor:
        inputs = batch.inputs.to(self.device)
        mask = (torch.arange(inputs.shape[1]).unsqueeze(0) < batch.lengths.unsqueeze(1)).long().to(self.device)
        decoder = self.model.get_base_model().get_decoder()
        hidden = decoder(input_ids=inputs, attention_mask=mask).last_hidden_state
        selected = hidden.reshape(-1, hidden.shape[-1]).index_select(0, batch.positions.to(self.device))
        head = self.model.get_base_model().get_output_embeddings()
        # prepare_model_for_kbit_training keeps the head in fp32 while a bf16 model's states are bf16.
        return head(selected.to(head.weight.dtype))

    def trainable_parameters(self) -> list[torch.nn.Parameter]:
        return [p for p in self.model.parameters() if p.requires_grad]

    def train(self, mode: bool = True) -> "HFLossModel":
        self.model.train(mode)
        return self

    def resume_state(self) -> dict[str, Any]:
        return {"adapter": self._peft.get_peft_model_state_dict(self.model)}

    def load_resume_state(self, state: dict[str, Any]) -> None:
        self._peft.set_peft_model_state_dict(self.model, state["adapter"])

    def save_best(self, out_dir: Path) -> None:
        """PEFT adapter folder (adapter_config.json + adapter_model.safetensors) for convert_lora_to_gguf.py."""
        self.model.save_pretrained(out_dir / "adapter")
        self.tokenizer.save_pretrained(out_dir / "adapter")
