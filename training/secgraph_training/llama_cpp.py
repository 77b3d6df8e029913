"""Locates llama.cpp's sources (shipped inside node-llama-cpp as a git bundle) and imports its gguf-py."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CHECKOUT = REPO_ROOT / ".cache" / "llama.cpp"
BUNDLE = REPO_ROOT / "node_modules" / "node-llama-cpp" / "llama" / "gitRelease.bundle"


def llama_cpp_dir() -> Path:
    """The llama.cpp checkout: $SECGRAPH_LLAMA_CPP, else .cache/llama.cpp cloned from the bundle on first use."""
    configured = os.environ.get("SECGRAPH_LLAMA_CPP")
    if configured:
        path = Path(configured)
        if not (path / "gguf-py").is_dir():
            raise SystemExit(f"SECGRAPH_LLAMA_CPP={configured} has no gguf-py/ folder")
        return path
    if not (DEFAULT_CHECKOUT / "gguf-py").is_dir():
        if not BUNDLE.is_file():
            raise SystemExit(f"llama.cpp sources not found: run `npm install` first (expected {BUNDLE})")
        # Clone beside the target and rename, so a concurrent clone never leaves a half-written checkout.
        staging = DEFAULT_CHECKOUT.with_name(f"llama.cpp.tmp-{os.getpid()}")
        DEFAULT_CHECKOUT.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["git", "clone", "-q", str(BUNDLE), str(staging)], check=True)
        try:
            staging.rename(DEFAULT_CHECKOUT)
        except OSError:
            subprocess.run(["rm", "-rf", str(staging)], check=False)
    return DEFAULT_CHECKOUT


def import_gguf():
    """gguf-py from the llama.cpp checkout (the version that matches the bundled runtime)."""
    gguf_py = str(llama_cpp_dir() / "gguf-py")
    if gguf_py not in sys.path:
        sys.path.insert(0, gguf_py)
    import gguf  # noqa: PLC0415 — path is only known at run time

    return gguf


def vocab_path(name: str = "llama-spm") -> Path:
    """A vocabulary-only GGUF: a file path ending in .gguf, or the name of one of llama.cpp's bundled ones
    (e.g. llama-spm → models/ggml-vocab-llama-spm.gguf)."""
    if name.endswith(".gguf"):
        if not Path(name).is_file():
            raise SystemExit(f"vocabulary GGUF {name} not found")
        return Path(name)
    path = llama_cpp_dir() / "models" / f"ggml-vocab-{name}.gguf"
    if not path.is_file():
        raise SystemExit(f"no vocabulary GGUF named {name!r} at {path}")
    return path
