#!/usr/bin/env python3
"""Export a trained planner model or LoRA adapter to GGUF. See training/README.md; `python3 training/export.py -h`."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from secgraph_training.cli_export import main  # noqa: E402

if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except (ValueError, RuntimeError, OSError) as err:  # one line for the user, not a stack trace
        sys.exit(f"export.py: {err}")
