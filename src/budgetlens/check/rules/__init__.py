"""Rule modules; importing this package registers every rule."""

from budgetlens.check.rules import (
    arithmetic,
    classification,
    completeness,
    narrative,
    parse_baseline,
    performance,
    rollups,
)

__all__ = ["arithmetic", "classification", "completeness", "narrative", "parse_baseline", "performance", "rollups"]
