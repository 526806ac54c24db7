"""The pension fund's selectors, split by process (members, premiums, pensioning)."""
