"""l10n: offline translation and localization workflow for a news desk.

English articles become gettext catalogs with reviewable machine drafts in
Arabic, Central Kurdish (Sorani) and Turkmen; reviewed catalogs become
localized articles.  The CLI (l10n.cli) is a thin layer over this API.
"""

__version__ = "0.1.0"
