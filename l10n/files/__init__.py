"""The only place l10n writes files, by what each part is for.

``atomic`` (atomic and compare-and-swap writes), ``digests`` (SHA-256 of what a run read),
``paths`` (safe joins, slugs), ``lock`` (the project lock), ``oserrors`` (OSError -> one-line
l10n error).
"""
