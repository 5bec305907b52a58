"""Stage 2: the records as frozen dataclasses, and status derived as of a date."""
