"""Memberships and salary reports (the customer and member data process)."""
