"""Disclosures in two other regions' templates, generated with their truth cells for the provincial regression test.

``ministry_budget.build`` gives a county 水利局 budget in the Ministry's 8-table template (万元), optionally with
three planted errors; ``city_final.build`` a city 教育局 final account (公开01–09表, 元), with or without thousands
separators. ``render`` prints them as HTML, PDF and XLSX; ``truth`` lists every amount cell and ``scoring``
matches the tool's facts against them.
"""
