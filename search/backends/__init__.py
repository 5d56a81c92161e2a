"""Index backends: the engine reaches its index through one of these."""
