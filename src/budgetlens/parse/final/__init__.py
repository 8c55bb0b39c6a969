"""Parsers for final-account (决算) tables: anchored on 行次 or codes, typed cells, repairs by constraint."""
