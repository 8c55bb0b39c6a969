"""Parse stage: segmented lines -> the typed Document.

Owns the reading of tables (grids with merged headers, columns named by their header words, rows
with codes and hierarchy, the table's own arithmetic where a line reads more than one way; final-
account templates in ``final/``), performance targets and self-evaluations, the narrative's claims,
document metadata, the links between targets and project rows, and the provenance of each value.
"""
