"""Format: the rendered Python through black or ruff (the same bytes), cached by content, in a
process pool when the SDK is large."""
