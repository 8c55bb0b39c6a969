"""budgetlens: Chinese government budget and final-account disclosures as verified data."""

from __future__ import annotations

__version__ = "0.4.0"
