"""Compare stage (report level): the spending of several documents lined up by classification code.

``lineup.compare_facts`` computes, ``render`` and ``chart`` present; ``measures`` says which table is read.
Nothing is imported here so that the command line can load ``measures`` without pandas.
"""
