"""budgetlens stage."""
