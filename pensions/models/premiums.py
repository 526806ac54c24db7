"""Premium rates, premiums, invoices, payments and the annual settlement."""
