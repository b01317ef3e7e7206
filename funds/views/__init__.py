"""Pages of the funds app: ``ledger`` (funds, contributions, statements)
and ``proposals`` (cycles, proposals, reviews, execution)."""
