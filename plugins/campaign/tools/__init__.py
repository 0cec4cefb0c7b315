"""Editors' and maintainers' tools: the `campaign` command and its helpers.

check, new, import, translations, the offline copy and the benchmark. The top
layer: may import every layer below and read MkDocs' configuration file.
"""
