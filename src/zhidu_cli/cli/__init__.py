"""Stage 6: thin typer commands — parse options, call one core function, print, exit."""
