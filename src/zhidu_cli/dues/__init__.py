"""党费 (dues): money as ``Decimal``, the standard (rates by category) and, later, balances.

Money never passes through ``float``: amounts are read from text with :func:`money.parse_money`,
computed with ``Decimal`` and rounded once, explicitly, by the standard's rounding parameter.
"""
