"""``python -m zhidu_cli``: the same as the ``zhidu`` command (a missing dependency is said plainly
by :func:`zhidu_cli.cli.app.main`, which imports none at start)."""

from zhidu_cli.cli.app import main

main()
