"""Pensioning: G table, scheme rules, retirement cases and payouts."""
