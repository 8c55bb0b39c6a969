"""Check stage: parsed Document -> findings.

Owns the rule registry (``registry``: the ``Rule`` base class, codes, slugs, severities, messages
in Chinese and English), the rules (``rules/``, one small class per code, each with a page in
``docs/rules/``), interval arithmetic on printed precision (``intervals``), a finding's evidence and
probable cause (``evidence``), reading notes (``notes``), placing a finding on its page or cell
(``locate``), waivers, and the runner that applies the chosen rules to one document.
Importing the package registers every rule.
"""

import budgetlens.check.rules  # noqa: F401  (each rule module registers its rules)
