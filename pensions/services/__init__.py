"""The pension fund's services, split by process (members, premiums, pensioning)."""
