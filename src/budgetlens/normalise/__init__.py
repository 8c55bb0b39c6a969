"""Normalise stage: classification codes of a parsed Document resolved against the official catalogue.

Owns restoring a lost code from its printed name and hierarchy and resolving economic codes; the
catalogue itself (versioned CSV tables of 政府收支分类科目) is read by ``budgetlens.model.classification``.
"""
