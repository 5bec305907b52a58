"""Stage 3: the rules — one module per family, a registry, and the built-in profiles."""
