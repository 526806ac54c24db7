"""The pension fund's views, split by process (members, premiums, pensioning)."""
