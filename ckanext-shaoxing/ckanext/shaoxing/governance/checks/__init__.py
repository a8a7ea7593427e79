"""The quality checks themselves: pure functions over an entry's metadata and its files' rows,
with no database or web access, so tests and the benchmark call them directly."""
