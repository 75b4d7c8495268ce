"""The stages a translation passes through, in the order data flows:

read > markdown_in > segment > boilerplate > identity > articles > memory > terms > engine > splice > adapt > qa > catalog > pofiles.

``l10n.pipeline`` is the one place that knows this order; a stage imports ``l10n.core``,
``l10n.files``, ``l10n.errors`` and other stages, never ``l10n.pipeline``, a command or the package root.
"""
