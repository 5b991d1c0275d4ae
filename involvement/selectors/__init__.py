"""Every read of involvement data, one module per part: time.py (records and reward choices), claims.py (expense
claims and what waits for approval), statements.py (a person's totals and tax-year statement, the finance export's
rows), figures.py (hours and amounts by role and level, with the anonymity rules)."""
