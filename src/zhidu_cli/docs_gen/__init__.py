"""Reference docs generated from the code itself, so they cannot drift: ``python -m zhidu_cli.docs_gen``.

``docs/records.md`` comes from the model's field specs; ``docs/rules.md`` from the rule registry.
A test regenerates both and fails when the committed files are stale.
"""
