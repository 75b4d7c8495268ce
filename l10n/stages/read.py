"""Article file -> source text: size limit, decoding, binary and language checks.

The text comes back unchanged (line endings included) except for a UTF-8 byte
order mark, so unit offsets index exactly what the editor wrote.  Anything that
cannot be an English article raises ``InputError`` with a one-sentence message
naming the file.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import threading
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from ..core.blank import is_blank
from ..core.languages import get_profile, language_name
from ..errors import InputError, ReadError
from ..files.digests import digest
from .markdown_in import SUFFIXES as MARKDOWN_SUFFIXES

MAX_ARTICLE_BYTES = 2 * 1024 * 1024
MIN_LETTERS_TO_JUDGE = 40        # below this, langdetect guesses: Latin text without Turkic letters is accepted
MAX_CONTROL_SHARE = 0.3          # more control characters than this and the file is not text
DETECTION_SAMPLE_CHARS = 10_000  # the script checks read this much (they are cheap)
LANGDETECT_SAMPLE_CHARS = 2_000  # langdetect's verdict is settled well before this
MIN_WORDS_FOR_PLAIN_ENGLISH = 20
PLAIN_ENGLISH_SHARE = 0.15       # English news is 25-35% these words; German, French, Spanish, Dutch 0-2%
#: Short words frequent in English prose and rare as words of other Latin-script languages.
ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to is was for that with by from said he she it its at as are were has have had be been "
    "this which their they his her will would not after who but or an than also there what when".split())
NOT_ENGLISH_CONFIDENCE = 0.7     # refuse only when another language is this probable
MAX_FOREIGN_SCRIPT_SHARE = 0.2   # more Arabic-script letters than this share and the text is not English
MIN_TURKIC_SHARE = 0.02          # Turkish text has ~10% of ş ğ ı ç ö ü; English copy has them in names only
MIN_TURKIC_WORDS = 0.4           # in a title-cased line, this share of the words must carry them
_TEXT_CONTROLS = "\t\n\r\f\v"
_PERSIAN_LETTERS = "پچژگک"
_TURKISH_ONLY = "şğıŞĞİ"
_TURKMEN_ONLY = "ňýžŇÝŽ"
_TURKIC_LETTERS = _TURKISH_ONLY + _TURKMEN_ONLY + "äçöüÄÇÖÜ"
_TURKMEN_ONLY_RE = re.compile(f"[{_TURKMEN_ONLY}]")
_WORD = re.compile(r"[^\W\d_]+")
#: What is not an article, known by its file name or its opening: (suffixes, opening, what to do instead).
NOT_ARTICLES = {
    "catalog": ((".po", ".pot", ".mo"), re.compile(r'\A\s*(?:#[^\n]*\n\s*)*msgid\s+"'),
                "it is a gettext catalog, not an article; give the English article it was made from (.txt or .md)"),
    "HTML page": ((".html", ".htm", ".xhtml"),
                  re.compile(r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL),
                  "it is an HTML page, whose markup would become units; save the story's text as .txt or Markdown (.md) "
                  "and give that"),
}


def read_article(path: Path | str) -> str:
    """The decoded text of an English article, unchanged but for a UTF-8 BOM.

    Refuses (``InputError``) a file name that is not UTF-8, a missing file, a directory, a file over
    ``MAX_ARTICLE_BYTES`` (without reading it), a catalog or HTML page (by name or content),
    empty or binary content, text that is not UTF-8, and text that is clearly not English.
    """
    return read_article_and_digest(path)[0]


def shown_name(path: Path | str) -> str:
    """``path`` as one printable line: undecodable bytes as ``\\xff``, control characters as ``\\n``, ``\\t``, ``\\x1b``."""
    text = os.fsencode(path).decode("utf-8", "backslashreplace")
    return "".join(char.encode("unicode_escape").decode("ascii") if unicodedata.category(char) == "Cc" else char
                   for char in text)


def read_article_and_digest(path: Path | str) -> tuple[str, str]:
    """``read_article``, with the SHA-256 of the very bytes the text was decoded from (what a run drafted)."""
    path = Path(path)
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes in the name: catalogs, which cite it, are UTF-8
        shown = os.fsencode(path).decode("utf-8", "backslashreplace")
        raise InputError(f"{shown}: the file name is not valid UTF-8; rename the file (catalogs cite the name).") from None
    if "\n" in str(path) or "\r" in str(path):  # it would break the catalogs' #: line, as gettext reads it
        raise InputError(f"{shown_name(path)}: the file name holds a line break; rename the file (catalogs cite the name).")
    _refuse_non_article(path)
    data = _read_bytes(path)
    if is_utf16(data):
        raise InputError(f"{path}: this is UTF-16 text (as Word or Notepad save \"Unicode\"); re-save it as UTF-8.")
    if b"\0" in data:
        raise InputError(f"{path}: this looks like a binary file (it contains NUL bytes); give a plain-text article.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not valid UTF-8 (byte {exc.start}); it may be in a legacy encoding "
                         "such as Windows-1256 or Latin-1, so re-save it as UTF-8.") from exc
    if is_blank(text):  # whitespace, or zero-width spaces and marks a paste left: nothing shows
        raise nothing_to_translate(path, "the article is empty")
    _refuse_non_article(path, text)
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise InputError(f"{path}: this looks like a binary file (mostly control characters); "
                         "give a plain-text article.")
    check_english(text, str(path))
    return text, digest(data)


def is_utf16(data: bytes) -> bool:
    """UTF-16 text: its byte order mark, or (an English article) a NUL byte beside nearly every letter of its start.

    >>> is_utf16("Kirkuk".encode("utf-16")), is_utf16("Kirkuk".encode("utf-16-le")), is_utf16(b"PK" + bytes(2) + b"zip")
    (True, True, False)
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    head = data[:4096] if len(data) % 2 == 0 else b""
    return len(head) >= 4 and max(head[0::2].count(0), head[1::2].count(0)) >= 0.9 * len(head) / 2


def nothing_to_translate(path: Path | str, why: str) -> InputError:
    """The refusal of an article with nothing to translate (``why``: empty, or only boilerplate), for the caller to raise."""
    return InputError(f"{path}: {why}; give a file with the English text to translate.")


def check_article_file(path: Path | str) -> None:
    """Refuse (``InputError``) what ``read_article`` refuses before reading a word: a catalog or HTML page by its
    name, a path that names no file, a folder."""
    path = Path(path)
    _refuse_non_article(path)
    if not path.exists():
        raise InputError(f"{path}: no such file; check the article's path.")
    if path.is_dir():
        raise InputError(f"{path}: this is a directory, not a file; give the article's text file.")


def _refuse_non_article(path: Path, text: str | None = None) -> None:
    """InputError when ``path`` is a catalog or an HTML page, by its name or (given ``text``) by its opening."""
    for suffixes, opening, hint in NOT_ARTICLES.values():
        if path.suffix.lower() in suffixes or (text is not None and opening.match(text)):
            raise InputError(f"{path}: {hint}.")


def check_english(text: str, name: str = "") -> None:
    """Raise ``InputError`` when ``text`` is not English, with the reason; a pure function of the text.

    ``name`` (the file) only prefixes the message, so a verdict can be cached by the text alone.
    """
    reason = not_english_reason(text)
    if reason:
        raise InputError(f"{name + ': ' if name else ''}{reason}; l10n translates English articles only.")


def not_english_reason(text: str) -> str | None:
    """Why ``text`` is not English ("this looks like Arabic (ar), not English: ..."), or None.

    The script decides first, whatever the length: Arabic-script letters, or
    Turkish/Turkmen letters in words that are not capitalised names, above a
    small share of the letters.  Latin text without them goes to langdetect
    (seeded), which needs ``MIN_LETTERS_TO_JUDGE`` letters to say anything, and
    reads ``LANGDETECT_SAMPLE_CHARS``; text that is ``plainly_english`` skips it
    (loading langdetect's profiles costs a quarter of a second).

    >>> not_english_reason("Kirkuk, 29 March") is None
    True
    >>> not_english_reason("کەرکووک: هێزەکان کشانەوە")
    'this looks like Central Kurdish (ckb), not English: 100% of its letters are Arabic script'
    """
    sample = text[:DETECTION_SAMPLE_CHARS]
    letters = [ch for ch in sample if ch.isalpha()]
    if not letters:
        return None
    arabic_script = [ch for ch in letters if "ARABIC" in unicodedata.name(ch, "")]
    if len(arabic_script) > MAX_FOREIGN_SCRIPT_SHARE * len(letters):
        code = _arabic_script_language(arabic_script)
        share = f"{len(arabic_script) / len(letters):.0%}"
        return f"this looks like {language_name(code)} ({code}), not English: {share} of its letters are Arabic script"
    turkic = _turkic_letters(sample)
    if turkic:
        code = "tk" if _TURKMEN_ONLY_RE.search(sample) else "tr"
        shown = ", ".join(dict.fromkeys(ch for ch in sample if ch in _TURKIC_LETTERS))
        return f"this looks like {language_name(code)} ({code}), not English: it is written with {shown}"
    if len(letters) < MIN_LETTERS_TO_JUDGE or plainly_english(sample[:LANGDETECT_SAMPLE_CHARS]):
        return None
    code, language, probability = _detected_language(sample[:LANGDETECT_SAMPLE_CHARS])
    if code in ("en", None):
        return None
    return f"this looks like {language} ({code}), not English: langdetect gives it {probability:.0%}"


def plainly_english(text: str) -> bool:
    """True when at least ``PLAIN_ENGLISH_SHARE`` of the words (``MIN_WORDS_FOR_PLAIN_ENGLISH`` or more) are English function words.

    >>> plainly_english("Coalition forces withdrew from the K1 base near Kirkuk on Sunday, and the Iraqi army took it over, officials said in a statement that was read on television.")
    True
    >>> plainly_english("Die Koalitionstruppen haben am Sonntag den Stützpunkt K1 bei Kirkuk verlassen, sagten Beamte in einer Erklärung.")
    False
    """
    words = _WORD.findall(text.lower())
    if len(words) < MIN_WORDS_FOR_PLAIN_ENGLISH:
        return False
    return sum(word in ENGLISH_FUNCTION_WORDS for word in words) >= PLAIN_ENGLISH_SHARE * len(words)


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, refusing what cannot be an article before reading it."""
    try:
        if not path.exists():
            raise InputError(f"{path}: no such file; check the article's path.")
        if path.is_dir():
            raise InputError(f"{path}: this is a directory, not a file; give the article's text file.")
        if not path.is_file():  # a FIFO or device would block the read or never end
            raise InputError(f"{path}: not a regular file; give the article's text file.")
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise InputError(f"{path}: {size / 1024 / 1024:.1f} MiB is larger than the "
                             f"{MAX_ARTICLE_BYTES // 1024 // 1024} MiB limit for an article; split it or check the file.")
        with path.open("rb") as handle:
            data = handle.read(MAX_ARTICLE_BYTES + 1)
    except OSError as exc:
        raise ReadError(f"{path}: cannot be read ({exc.strerror or exc}); check the file and its permissions.") from exc
    if len(data) > MAX_ARTICLE_BYTES:
        raise InputError(f"{path}: larger than the {MAX_ARTICLE_BYTES // 1024 // 1024} MiB limit for an article; "
                         "split it or check the file.")
    return data


def _control_share(text: str) -> float:
    sample = text[:DETECTION_SAMPLE_CHARS]
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in _TEXT_CONTROLS)
    return controls / len(sample)


def _arabic_script_language(letters: list[str]) -> str:
    """The code for Arabic-script text: Sorani by its own letters, Persian by its, else Arabic."""
    present = set(letters)
    if present & set(get_profile("ckb").distinctive_letters):
        return "ckb"
    if present & set(_PERSIAN_LETTERS):
        return "fa"
    return "ar"


def _turkic_letters(text: str) -> list[str]:
    """The Turkish/Turkmen letters that make ``text`` Turkish or Turkmen, or [] when they do not.

    They must include a letter no western European language has (ş ğ ı, ç with
    ö/ü, or ň ý ž with ä ö ü ç ş), so German or French is left to langdetect.
    Names such as "Erdoğan" carry these letters in English copy too, so in
    sentence case only words that are not capitalised count, and they must be
    ``MIN_TURKIC_SHARE`` of the letters; in a title-cased line, where names
    cannot be told apart, ``MIN_TURKIC_WORDS`` of the words must carry them.
    """
    words = _WORD.findall(text)
    present = {ch for word in words for ch in word if ch in _TURKIC_LETTERS}
    if not (present & set(_TURKISH_ONLY) or (present & set("çÇ") and present & set("öüÖÜ"))
            or (present & set(_TURKMEN_ONLY) and present & set("äöüçşÄÖÜÇŞ"))):
        return []
    if all(word[0].isupper() for word in words if len(word) > 3):
        carriers = [word for word in words if set(word) & present]
        enough = len(carriers) >= MIN_TURKIC_WORDS * len(words)
        return [ch for word in carriers for ch in word if ch in present] if enough else []
    found = [ch for word in words if not word[0].isupper() or word.isupper() for ch in word if ch in present]
    return found if len(found) >= MIN_TURKIC_SHARE * sum(map(len, words)) else []


_PROFILES_LOADING = threading.Lock()


def load_language_profiles() -> None:
    """Install langdetect's factory once, its profiles read but their n-gram table built on demand; safe from any thread.

    langdetect's own ``init_factory`` builds a table of every profile n-gram (about 180,000, most of a
    quarter of a second) where a text uses a few hundred; ``_NgramTable`` builds each entry as
    langdetect would, when a text first asks for it, so verdicts and probabilities are unchanged
    (tests/test_qa.py compares them).  langdetect publishes its factory before it has filled it,
    so every use of langdetect in l10n comes through this lock.
    """
    with _PROFILES_LOADING:
        import json

        from langdetect import detector_factory

        if detector_factory._factory is not None:
            return
        folder = detector_factory.PROFILES_DIRECTORY
        names = os.listdir(folder)
        factory = detector_factory.DetectorFactory()
        profiles = []
        for name in names:  # langdetect's load_profile: its order, and its table width (every listed name)
            path = os.path.join(folder, name)
            if name.startswith(".") or not os.path.isfile(path):
                continue
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
            factory.langlist.append(data["name"])
            profiles.append((len(profiles), data["freq"], data["n_words"]))
        factory.word_lang_prob_map = _NgramTable(profiles, len(names))
        detector_factory._factory = factory


class _NgramTable(dict):
    """langdetect's n-gram -> per-language probability table, each entry built when first asked for.

    An entry is what ``DetectorFactory.add_profile`` stores: for every profile holding the n-gram,
    ``1.0 * count / n_words[length - 1]`` (0.0 for n-grams longer than 3); n-grams no profile
    holds are not in the table.
    """

    def __init__(self, profiles: list[tuple[int, dict, list]], width: int):
        super().__init__()
        self._profiles, self._width, self._absent = profiles, width, set()

    def __missing__(self, word: str) -> list[float]:
        if self._build(word) is None:
            raise KeyError(word)
        return dict.__getitem__(self, word)

    def __contains__(self, word: object) -> bool:
        return dict.__contains__(self, word) or self._build(word) is not None

    def _build(self, word) -> list[float] | None:
        if not isinstance(word, str) or word in self._absent:
            return None
        row, found, length = [0.0] * self._width, False, len(word)
        for index, freq, n_words in self._profiles:
            count = freq.get(word)
            if count is None:
                continue
            found = True
            if 1 <= length <= 3:
                row[index] = 1.0 * count / n_words[length - 1]
        if not found:
            self._absent.add(word)
            return None
        return self.setdefault(word, row)


def preload_language_profiles() -> threading.Thread:
    """``load_language_profiles`` on a thread of its own, while the caller gets on with other work."""
    thread = threading.Thread(target=load_language_profiles, name="l10n-langdetect", daemon=True)
    thread.start()
    return thread


def _detected_language(sample: str) -> tuple[str | None, str, float]:
    """(code, English name, probability) of the most probable language, or (None, "", 0) with no clear verdict."""
    from langdetect import DetectorFactory, LangDetectException, detect_langs

    load_language_profiles()

    DetectorFactory.seed = 0
    try:
        best = detect_langs(sample)[0]
    except LangDetectException:
        return None, "", 0.0
    if best.prob < NOT_ENGLISH_CONFIDENCE:
        return None, "", 0.0
    return best.lang, language_name(best.lang), best.prob


#: The file names l10n reads as articles: a folder given is searched for each of them, so none is skipped unsaid.
ARTICLE_SUFFIXES = (".txt", ".text", *MARKDOWN_SUFFIXES)


def collect_articles(paths: Sequence[Path | str], skip: Sequence[Path] | Mapping[Path, str] = ()) -> list[Path]:
    """Expand files and directories (their articles: ARTICLE_SUFFIXES, sorted) into article paths, each file once.

    A directory is searched without its hidden entries (``.git``, ``.venv``, ``.story.txt``) and
    without the folders in ``skip`` (``Project.own_folders``) below it; a file named is taken as given.
    A folder named that is one of ``skip`` or inside one is refused (InputError), saying what it holds when
    ``skip`` says it (a mapping: folder -> what): its files are l10n's own, never articles.
    """
    found: list[Path] = []
    seen: set[Path] = set()
    skipped = {Path(folder).resolve(): what for folder, what in _described(skip).items()}
    for raw in paths:
        path = Path(raw)
        try:
            folder = path.is_dir()
        except OSError as exc:  # a folder on the way that may not be searched
            if exc.errno == errno.ENAMETOOLONG:  # no such file can be there
                raise InputError(f"{path}: no such file (the name is longer than the file system allows); "
                                 "check the article's path.") from None
            raise ReadError(f"{path}: cannot reach it ({exc.strerror}); check its folders' permissions.") from exc
        if folder and not os.access(path, os.R_OK | os.X_OK):
            raise ReadError(f"{path}: cannot list the folder (permission denied); check its permissions.")
        if folder:
            _refuse_own_folder(path, skipped)
        listed = sorted(_articles_under(path, skipped)) if folder else [path]
        for article in listed:
            resolved = article.resolve()
            if resolved not in seen:  # "eval a.txt ." or a folder named twice would count it twice
                seen.add(resolved)
                found.append(article)
    if not found:
        raise InputError("no article files found; name .txt or .md files, or a folder holding them.")
    return found


def _described(skip: Sequence[Path] | Mapping[Path, str]) -> dict[Path, str]:
    return dict(skip) if isinstance(skip, Mapping) else dict.fromkeys(skip, "")


def _refuse_own_folder(folder: Path, skipped: dict[Path, str]) -> None:
    """InputError when ``folder`` is one of l10n's own folders (``skipped``, resolved) or inside one."""
    resolved = folder.resolve()
    for own, what in skipped.items():
        if resolved.is_relative_to(own):
            holds = f" ({what})" if what else ""
            raise InputError(f"{folder}: a folder of l10n's own files{holds}, not articles; "
                             "name the article files, or a folder holding them.")


def _articles_under(folder: Path, skipped: dict[Path, str]) -> Iterator[Path]:
    """The article files under ``folder``, hidden entries and ``skipped`` folders (resolved) left out; links to folders not followed."""
    for here, folders, files in os.walk(folder):
        folders[:] = [name for name in folders
                      if not name.startswith(".") and Path(here, name).resolve() not in skipped]
        for name in files:
            path = Path(here, name)
            if not name.startswith(".") and path.suffix.lower() in ARTICLE_SUFFIXES and path.is_file():
                yield path
