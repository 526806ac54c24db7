"""Premiums, invoices, payments and settlement."""
