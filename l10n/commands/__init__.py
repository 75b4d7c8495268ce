"""Run-level commands over the stages: which articles are due (``runs``), backfill, eval,
status, approve, scaffold (``l10n init``), glossary suggestions, owned files.
"""
