"""Inter-coder agreement: the metrics (pure numpy on arrays), reports and reconciliation.

`metrics` and `setvalued` compute coefficients from arrays; `report` turns one question's
codings into per-code and overall figures, confusion tables and disagreement lists;
`collect` and `reconcile` are the only modules here that talk to the store.
"""
