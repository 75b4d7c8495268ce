"""One profile per target language: every language fact the stages need, in one table.

Locale names, text direction and plural rules come from babel (CLDR), with two
corrections gettext needs, kept in ``gettext_plurals``: babel's Arabic plural
expression orders the CLDR categories differently from the expression GNU gettext
and every PO editor ship (verified against gettext's manual, "Plural forms"), and
babel's Turkish rule is the old one-form ``nplurals=1`` while CLDR and gettext's
manual give Turkish two forms (``n != 1``).

The Turkmen-oriented target keeps the user-facing code ``tk`` (``locales/tk/``,
``--lang tk``) but is written in Turkish orthography, so its locale data and
language tag are Turkish: babel ``tr`` (datelines "29 Mart 2020", numbers
"1.500,5") and the tag ``tr`` in PO headers, HTML and the manifest, with the
region ``IQ`` recorded beside it (CLDR has no ``tr_IQ`` locale).
That is the ``tr`` route, drafted with an en→tr package only.  A desk may opt in
to the ``tk`` route (``tk_route = "tk"`` in l10n.toml): drafts from an en→tk
package (MADLAD ``<2tk>``, OPUS ``>>tuk<<``), which write Turkmenistan Turkmen
(ä ň ý ž), so its catalogs, pages and manifest carry the tag ``tk`` and babel ``tk``
(``TK_ROUTES``, ``target_profile``); never is such text published as ``tr``.
Checks and matchers read these fields; no stage writes ``if lang == "ar"``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from ..errors import ConfigError
from .morphology import NO_ENDINGS, Endings, SlotEndings, TurkishEndings

ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
EXTENDED_ARABIC_INDIC_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
WESTERN_DIGITS = "0123456789"

# GNU gettext's canonical Arabic rule (6 forms); babel 2.18's expression differs in the order of forms 4/5.
GETTEXT_ARABIC_PLURALS = (
    "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);"
)

# CLDR's Turkish rule (one/other) as gettext's manual writes it; babel 2.18 still gives nplurals=1.
GETTEXT_TWO_FORMS = "nplurals=2; plural=(n != 1);"


@dataclass(frozen=True)
class LanguageProfile:
    """What l10n knows about one target language.

    ``draft_pairs`` lists the Argos (from, to) pairs that can draft it, best
    first; a pair whose ``to`` differs from ``code`` is a pivot whose drafts are
    adapted and labelled (Turkmen-oriented drafts made with en->tr).
    """

    code: str                        # our target code, used for locales/<code>/ and --lang
    name: str                        # English name for messages and headers
    locale: str                      # babel locale id: dates, numbers, direction, plural rules
    tag: str                         # BCP 47 tag written into PO ``Language:``, HTML ``lang`` and the manifest
    region: str                      # ISO 3166 region of the readers (recorded even when the tag has none)
    draft_pairs: tuple[tuple[str, str], ...]
    script: str                      # ISO 15924: Arab | Latn
    detect_code: str | None          # langdetect code to confirm the language, None if unsupported
    distinctive_letters: str = ""    # letters that tell this language from its script's neighbours
    digits: tuple[str, ...] = (WESTERN_DIGITS,)  # digit sets a translation may use
    prefixes: tuple[str, ...] = ()   # clitics that may be glued before a term
    definite_article: str = ""       # glued article a term may take (ال), merged with ل into لل
    clitic_cues: tuple[tuple[str, tuple[str, ...]], ...] = ()  # clitic -> English words it renders ("ب", ("in", ...))
    case_cues: tuple[tuple[str, tuple[str, ...]], ...] = ()  # case ending -> English words it renders ("da", ("in", ...))
    # prepositions (and "and") written as words of their own: a term put in beside one takes no clitic (في كركوك),
    # and a clitic listed here goes in before a term as a word (Sorani لە کەرکووک)
    written_apart: tuple[str, ...] = ()
    endings: Endings = NO_ENDINGS    # the language's own endings a term's last word may take (morphology.py)
    apostrophe_suffixes: bool = False  # proper nouns take suffixes after an apostrophe (Kerkük'te)
    genitive_follows: bool = False   # the possessor follows the possessed (idafa, izafe): مجلس محافظة كركوك
    verb_first: bool = False         # a sentence may open with its verb, the subject after it (Arabic VSO)
    # Term matching (terms/match.py): how the language is really typed.
    spelling_rewrites: tuple[tuple[str, str], ...] = ()  # (regex, replacement): typing variants that depend on position
    letter_folds: tuple[tuple[str, str], ...] = ()  # (letters typed, letter meant): one spelling for matching
    linking_endings: tuple[str, ...] = ()  # endings a non-final word of a multiword term may take (izafe, ەکە)
    turkic_casing: bool = False      # İ/i and I/ı are distinct letters
    gettext_plurals: str = ""        # Plural-Forms when babel's differs from gettext's (see module docstring)
    label: str = ""                  # shown in PO headers, the .mo and the review page: how the drafts were made
    reader_note: str = ""            # shown to readers under the title of published pages: the text is an approximation

    def __hash__(self) -> int:
        """The code alone: profiles key the per-language caches of term matching, looked up for every word of a draft,
        and hashing every field each time cost more than the lookups saved (equal profiles share a code)."""
        return hash(self.code)

    @property
    def babel_locale(self):
        from babel import Locale

        return Locale.parse(self.locale)

    @property
    def direction(self) -> str:
        """'rtl' or 'ltr', from CLDR's character order."""
        return "rtl" if self.babel_locale.character_order == "right-to-left" else "ltr"

    @property
    def plural_forms(self) -> str:
        """The PO header's Plural-Forms value (gettext-compatible).

        >>> get_profile("tk").plural_forms
        'nplurals=2; plural=(n != 1);'
        """
        if self.gettext_plurals:
            return self.gettext_plurals
        from babel.messages.plurals import get_plural

        plural = get_plural(self.locale)
        return f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"

    def casefold(self, text: str) -> str:
        """Case-insensitive form that respects Turkic dotted/dotless i."""
        if self.turkic_casing:
            text = text.replace("İ", "i").replace("I", "ı")
        return text.casefold()


_ARABIC_CLITICS = ("و", "ف", "ب", "ك", "ل", "وب", "فب", "ول", "فل", "وك")
# The English word before a term that makes a glued clitic part of the translation (و = and, ب = in/with, ...);
# not "by": before a name it is a passive's agent ("wounded by ISIS"), written من قبل, never ب.
_ARABIC_CLITIC_CUES = (("و", ("and",)), ("ف", ("so", "then")), ("ب", ("in", "with", "at")),
                       ("ك", ("as", "like")), ("ل", ("to", "for")))
# Prepositions written as words of their own: a dropped term put in after one takes no clitic (في بكركوك).
_ARABIC_PREPOSITIONS = ("في", "الى", "إلى", "من", "على", "عن", "مع", "عند", "لدى", "حتى", "نحو", "قرب", "ضد", "بين",
                        "داخل", "خارج", "بعد", "قبل", "حول", "عبر", "منذ")

# Iraqi Arabic as typed: hamza seats dropped (ايران), مسؤول/مسئول, مبادئ/مبادىء,
# final ى for ي, ه for ة (after Lucene's ArabicNormalizer), and Persian-keyboard
# letters: ی ک ھ, and گ where the press writes ك for g (البيشمرگة, گرميان).
# A final hamza after alef is often dropped (سامرا, جلولا), and هيأة is also written هيئة.
_ARABIC_REWRITES = (("[ىيی]ء", "ء"), ("اء(?!\\w)", "ا"), ("يأ", "يئ"))
_ARABIC_FOLDS = (("أإآٱ", "ا"), ("ؤئ", "ء"), ("ىی", "ي"), ("کگ", "ك"), ("ة", "ه"), ("ھ", "ه"))

# Sorani as typed, including legacy encodings that Hawlati and older archives still print (after
# Lucene's SoraniNormalizer): ە as ه (with or without ZWNJ: حهشدى شهعبى) or as ة, so ه ھ ە ة are
# one letter for matching; Arabic ي ى ك for ی ک; ڕ as ڒ or as word-initial ر (Sorani has no
# word-initial r).  ڕ/ر and ڵ/ل stay apart: گۆڕان (Gorran) is not گۆرانی (song).
_SORANI_REWRITES = ((r"(?<![\w\u200c])ر", "ڕ"),)
_SORANI_FOLDS = (("يى", "ی"), ("ك", "ک"), ("ةھه", "ە"), ("ڒ", "ڕ"))
# Izafe, definite, plural and indefinite endings, in matching spelling (هاوپەیمانیی نێودەوڵەتی,
# هێزە ئەمنییەکان): longest first.
_SORANI_LINKING_ENDINGS = tuple(
    sorted(
        ("ی", "یی", "ە", "یە", "ییە", "ەکە", "ەکەی", "یەکە", "یەکەی", "ییەکە", "ییەکەی", "ەکان", "ەکانی", "یەکان",
         "یەکانی", "ییەکان", "ییەکانی", "ێک", "ێکی", "یەک", "یەکی", "ییەک", "ییەکی"),
        key=len,
        reverse=True,
    )
)

# Endings after a term's last word (morphology.SlotEndings: slots in order, each optional; a morpheme
# spelled after a consonant, after a vowel, after ی).  Sorani: definite/indefinite/plural, izafe or
# pronoun, "also", the second half of a circumfix (لە…دا in, لە…ەوە from), copula: کەرکووکدا,
# لەکەرکووکەوە, پێشمەرگەکان, سلێمانییەوە, کەرکووکیشدا.
_SORANI_ENDINGS = SlotEndings(
    slots=(
        (("ەکە", "کە", "یەکە"), ("ەکان", "کان", "یەکان"), ("ێک", "یەک", "یەک"), ("ان", "یان", "یان")),
        (("ی", "ی", "یی"), ("م",), ("ت",), ("مان",), ("تان",), ("یان",)),
        (("یش", "ش", "یش"),),
        (("دا",), ("ەوە", "وە", "یەوە")),
        (("ە", "یە", "یە"),),
    ),
    kinds=(("اەۆوێ", 1), ("ی", 2)),
)
# Arabic: only the attached pronouns of the third person plural and feminine (قواتها, قادتهم); nisba
# ي/ية, ة and the plural/dual make other words (بلدية, بلدان are not بلد; تكريتية is not تكريت), and ه
# is left out because ة is typed ه (بلدة would read as بلد + ه).
_ARABIC_ENDINGS = SlotEndings(slots=((("ها",), ("هم",), ("هما",), ("هن",)),))

PROFILES: dict[str, LanguageProfile] = {
    "ar": LanguageProfile(
        code="ar",
        name="Arabic",
        locale="ar_IQ",
        tag="ar",
        region="IQ",
        draft_pairs=(("en", "ar"),),
        script="Arab",
        detect_code="ar",
        digits=(WESTERN_DIGITS, ARABIC_INDIC_DIGITS),
        prefixes=_ARABIC_CLITICS,
        clitic_cues=_ARABIC_CLITIC_CUES,
        written_apart=_ARABIC_PREPOSITIONS,
        definite_article="ال",
        endings=_ARABIC_ENDINGS,
        genitive_follows=True,
        verb_first=True,
        spelling_rewrites=_ARABIC_REWRITES,
        letter_folds=_ARABIC_FOLDS,
        gettext_plurals=GETTEXT_ARABIC_PLURALS,
    ),
    "ckb": LanguageProfile(
        code="ckb",
        name="Central Kurdish (Sorani)",
        locale="ckb_IQ",
        tag="ckb",
        region="IQ",
        draft_pairs=(("en", "ckb"),),
        script="Arab",
        detect_code=None,  # langdetect has no Kurdish model; script and letters decide
        distinctive_letters="ڕڵۆێەھڤ",
        digits=(WESTERN_DIGITS, ARABIC_INDIC_DIGITS, EXTENDED_ARABIC_INDIC_DIGITS),
        prefixes=("و", "بە", "لە", "بۆ"),
        clitic_cues=(("و", ("and",)), ("بە", ("with", "to")), ("لە", ("in", "at", "from")), ("بۆ", ("to", "for"))),
        written_apart=("و", "لە", "بە", "بۆ", "لەگەڵ", "تا", "هەتا", "بەرەو", "لەنێو", "لای"),  # لە کەرکووک, as the press writes
        case_cues=(("دا", ("in", "at")), ("ەوە", ("from",))),  # a circumfix's second half: لە کەرکووکدا, لە کەرکووکەوە
        endings=_SORANI_ENDINGS,
        genitive_follows=True,
        spelling_rewrites=_SORANI_REWRITES,
        letter_folds=_SORANI_FOLDS,
        linking_endings=_SORANI_LINKING_ENDINGS,
    ),
    "tk": LanguageProfile(
        code="tk",
        name="Turkmen (Iraqi Turkmen-oriented)",
        locale="tr",
        tag="tr",
        region="IQ",
        draft_pairs=(("en", "tr"),),  # an en→tk package only on the tk route (TK_ROUTES)
        script="Latn",
        detect_code="tr",  # langdetect has no Turkmen; Turkmen-oriented drafts read as Turkish
        apostrophe_suffixes=True,
        endings=TurkishEndings(),
        case_cues=(("da", ("in", "at")), ("dan", ("from",)), ("a", ("to", "into"))),  # re-harmonised: Kerkük'te
        turkic_casing=True,
        gettext_plurals=GETTEXT_TWO_FORMS,
        label="Turkmen-oriented approximation: machine-translated en→tr, written in Turkish orthography, not Turkmen;"
              " review for Iraqi Turkmen usage",
        reader_note="Türkmen okurlar için yaklaşık metin: Türkiye Türkçesi yazımıyla yazılmıştır.",
    ),
}


#: Codes and names a desk may try for a target, and the target they mean (``meant``).
_MEANT = {
    **dict.fromkeys(("tr", "tur", "tuk", "turkish", "turkmen", "tk-tr"), "tk"),
    **dict.fromkeys(("ku", "kur", "sorani", "kurdish", "ckb-iq"), "ckb"),
    **dict.fromkeys(("ara", "arabic", "ar-iq"), "ar"),
}


def meant(code: str) -> str:
    """A hint for a code that is no target, naming the target it likely means ("" when none is likely).

    >>> meant("tr")
    " (Turkmen-oriented drafts, written in Turkish orthography, are 'tk')"
    >>> meant("ku"), meant("fr")
    (" (Kurdish here is Central Kurdish, Sorani: 'ckb')", '')
    """
    target = _MEANT.get(code.strip().lower().replace("_", "-"), "")
    return {"tk": " (Turkmen-oriented drafts, written in Turkish orthography, are 'tk')",
            "ckb": " (Kurdish here is Central Kurdish, Sorani: 'ckb')",
            "ar": " (Arabic is 'ar')"}.get(target, "")


#: Routes for the tk target: "tr" (the default, en→tr adapted, tagged tr) or "tk" (an en→tk model, tagged tk).
TK_ROUTES: dict[str, LanguageProfile] = {
    "tr": PROFILES["tk"],
    "tk": replace(
        PROFILES["tk"],
        name="Turkmen (Turkmenistan orthography)",
        locale="tk",
        tag="tk",
        draft_pairs=(("en", "tk"),),
        detect_code=None,  # langdetect has no Turkmen: it would call this text Turkish or Azerbaijani
        label="Turkmen draft: machine-translated en→tk in Turkmenistan orthography (ä ň ý ž); review for Iraqi Turkmen usage",
        reader_note="",   # Turkmen in Turkmen orthography: no approximation to tell readers of
    ),
}


def target_profile(code: str, tk_route: str = "tr") -> LanguageProfile:
    """The profile a project drafts ``code`` with: ``tk`` follows the desk's ``tk_route``, the others are fixed.

    >>> target_profile("tk").tag, target_profile("tk", "tk").tag, target_profile("ar", "tk").tag
    ('tr', 'tk', 'ar')
    """
    profile = get_profile(code)
    return TK_ROUTES[tk_route] if profile is TK_ROUTES["tr"] else profile


def route_profiles(code: str) -> tuple[LanguageProfile, ...]:
    """Every profile ``code`` can be drafted with (both tk routes; one for the other targets), for side-by-side evaluation."""
    profile = get_profile(code)
    return tuple(TK_ROUTES.values()) if profile is TK_ROUTES["tr"] else (profile,)


def profile_for_tag(tag: str, note: str = "") -> LanguageProfile | None:
    """The profile whose language tag is ``tag`` (a catalog's ``Language:`` header), or None.

    The tk route's profile needs its own label as ``note`` (the catalog's
    ``X-L10n-Note``) too: older catalogs in Turkish orthography were tagged ``tk``.

    >>> profile_for_tag("tr").code, profile_for_tag("tk", TK_ROUTES["tk"].label).tag, profile_for_tag("tk")
    ('tk', 'tk', None)
    """
    for profile in PROFILES.values():
        if profile.tag.lower() == tag.lower():
            return profile
    return next((p for p in TK_ROUTES.values() if p.tag.lower() == tag.lower() and note == p.label), None)


@lru_cache(maxsize=None)
def get_profile(code: str) -> LanguageProfile:
    """The profile for a target code, with a clear error for unknown ones."""
    try:
        return PROFILES[code]
    except KeyError:
        known = ", ".join(sorted(PROFILES))
        raise ConfigError(f"unknown target language {code!r}; use one of: {known}.") from None


def language_name(code: str) -> str:
    """English name of a langdetect code ('fa' -> 'Persian'), the code itself when babel has none."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(code.replace("-", "_")).english_name or code
    except (ValueError, UnknownLocaleError):
        return code or "an unknown language"
