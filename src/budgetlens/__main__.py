"""`python -m budgetlens`."""

from budgetlens.cli.main import run

run()
