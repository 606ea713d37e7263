"""Codebooks: the model, the native YAML format, REFI-QDA .qdc exchange and validation."""
