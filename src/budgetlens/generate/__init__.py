"""Writing a disclosure from data: ``budgetlens generate``.

``data`` is the input (a department's figures), ``templates`` the region's template as data (a folder each under
``budgetlens/data/templates``), ``compose`` turns data and template into a ``printed.PrintedDocument`` (every table
and every restated figure computed: ``budget_tables`` builds the tables, ``annexes`` the performance forms,
``figures`` formats amounts and rates for both composers; ``compose_final`` a final account's from ``final_data``,
``kinds`` picks by the template's kind), and ``render`` writes it as HTML, PDF, DOCX or XLSX.
"""
