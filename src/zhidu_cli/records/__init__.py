"""Stage 1: read the records repository's files into positioned, plain data."""
