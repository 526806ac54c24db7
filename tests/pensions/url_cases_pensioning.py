"""Access-matrix cases for the pensioning screens."""

CASES = []
