"""Rule modules; importing this package registers every rule."""

from budgetlens.check.rules import arithmetic, classification, completeness, parse_baseline, performance, rollups

__all__ = ["arithmetic", "classification", "completeness", "parse_baseline", "performance", "rollups"]
