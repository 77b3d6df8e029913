"""secgraph-mcp training pipeline: tokenized dataset → supervised fine-tuning → GGUF for node-llama-cpp."""
