"""Report stage: documents and findings into what people and programs read.

Owns the facts (one row per amount cell, the contract of the ``facts`` export), the JSON, CSV, XLSX,
Parquet and Fiscal Data Package exports, the findings as text, JSON, an offline HTML review page and
SARIF, DataFrames for the Python API, and the page crops that show a finding on its printed page.
"""
