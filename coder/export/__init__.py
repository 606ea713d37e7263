"""Exports: theme tables as data first, then one writer per format; charts; REFI-QDA exchange.

`table` computes what a report shows (counts, shares, groups, memos, quotes) from the store;
the writer modules only lay that data out, so every format shows the same numbers.
"""
