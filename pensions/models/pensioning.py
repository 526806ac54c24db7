"""Pensioning: the G table, scheme rules, retirement cases and monthly payouts."""
