"""Member data: memberships and salary reports."""
