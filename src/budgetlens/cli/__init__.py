"""The command line: thin Typer commands over the pipeline, the store, compare and the reports.

Owns option parsing, exit codes (0 clean, 1 findings at or above ``--fail-on``, 2 bad input or option)
and the one-line messages in Chinese or English; no reading or checking logic lives here.
"""
