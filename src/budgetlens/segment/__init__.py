"""Segment stage: lines -> narrative sections, tables and performance-annex fragments."""

from budgetlens.segment.blocks import SectionBlock, Segmentation, TableBlock, TargetBlock
from budgetlens.segment.segmenter import segment

__all__ = ["SectionBlock", "Segmentation", "TableBlock", "TargetBlock", "segment"]
