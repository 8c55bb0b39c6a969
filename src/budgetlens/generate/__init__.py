"""Writing a disclosure from data: ``budgetlens generate``.

``data`` is the input (a department's figures), ``templates`` the region's template as data (a folder each under
``budgetlens/data/templates``), ``compose`` turns data and template into a ``printed.PrintedDocument`` (every table
and every restated figure computed; ``compose_final`` a final account's from ``final_data``, ``kinds`` picks by the
template's kind), and ``render_*`` write it as HTML, PDF, DOCX or XLSX.
"""
