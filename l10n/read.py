"""Article file -> source text: size limit, decoding, binary and language checks.

The text comes back unchanged (line endings included) except for a UTF-8 byte
order mark, so unit offsets index exactly what the editor wrote.  Anything that
cannot be an English article raises ``InputError`` with a one-sentence message
naming the file.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from .errors import InputError
from .languages import get_profile

MAX_ARTICLE_BYTES = 2 * 1024 * 1024
MIN_LETTERS_TO_JUDGE = 40        # below this, language detection is a guess: accept the text
MAX_CONTROL_SHARE = 0.3          # more control characters than this and the file is not text
DETECTION_SAMPLE_CHARS = 10_000  # langdetect's verdict is settled well before this
NOT_ENGLISH_CONFIDENCE = 0.7     # refuse only when another language is this probable
_TEXT_CONTROLS = "\t\n\r\f\v"
_PERSIAN_LETTERS = "پچژگک"


def read_article(path: Path | str) -> str:
    """The decoded text of an English article, unchanged but for a UTF-8 BOM.

    Refuses (``InputError``) a missing file, a directory, a file over
    ``MAX_ARTICLE_BYTES`` (without reading it), empty or binary content,
    text that is not UTF-8, and text that is clearly not English.
    """
    path = Path(path)
    data = _read_bytes(path)
    if b"\0" in data:
        raise InputError(f"{path}: this looks like a binary file (it contains NUL bytes); "
                         "give a plain-text article, re-saved as UTF-8 if it is UTF-16 text.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not valid UTF-8 (byte {exc.start}); it may be in a legacy encoding "
                         "such as Windows-1256 or Latin-1, so re-save it as UTF-8.") from exc
    if not text.strip():
        raise InputError(f"{path}: the article is empty; give a file with the English text to translate.")
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise InputError(f"{path}: this looks like a binary file (mostly control characters); "
                         "give a plain-text article.")
    check_english(text, str(path))
    return text


def check_english(text: str, name: str) -> None:
    """Raise ``InputError`` when ``text`` is clearly not English; short texts are not judged.

    Arabic-script text is decided from its letters (langdetect has no Kurdish);
    anything else by langdetect, seeded so the verdict never changes between runs.
    """
    letters = [ch for ch in text[:DETECTION_SAMPLE_CHARS] if ch.isalpha()]
    if len(letters) < MIN_LETTERS_TO_JUDGE:
        return
    arabic_script = [ch for ch in letters if "ARABIC" in unicodedata.name(ch, "")]
    if len(arabic_script) * 2 > len(letters):
        code, language = _arabic_script_language(arabic_script)
    else:
        code, language = _detected_language(text[:DETECTION_SAMPLE_CHARS])
    if code not in ("en", None):
        raise InputError(f"{name}: this looks like {language} ({code}), not English; "
                         "l10n translates English articles only.")


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
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc}); check the file and its permissions.") from exc
    if len(data) > MAX_ARTICLE_BYTES:
        raise InputError(f"{path}: larger than the {MAX_ARTICLE_BYTES // 1024 // 1024} MiB limit for an article; "
                         "split it or check the file.")
    return data


def _control_share(text: str) -> float:
    sample = text[:DETECTION_SAMPLE_CHARS]
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in _TEXT_CONTROLS)
    return controls / len(sample)


def _arabic_script_language(letters: list[str]) -> tuple[str, str]:
    """(code, name) for Arabic-script text: Sorani by its own letters, Persian by its, else Arabic."""
    present = set(letters)
    if present & set(get_profile("ckb").distinctive_letters):
        code = "ckb"
    elif present & set(_PERSIAN_LETTERS):
        code = "fa"
    else:
        code = "ar"
    return code, _language_name(code)


def _detected_language(sample: str) -> tuple[str | None, str]:
    """(code, English name) of the most probable language, or (None, "") when no verdict is clear."""
    from langdetect import DetectorFactory, LangDetectException, detect_langs

    DetectorFactory.seed = 0
    try:
        best = detect_langs(sample)[0]
    except LangDetectException:
        return None, ""
    if best.prob < NOT_ENGLISH_CONFIDENCE:
        return None, ""
    return best.lang, _language_name(best.lang)


def _language_name(code: str) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(code.replace("-", "_")).english_name or code
    except (ValueError, UnknownLocaleError):
        return code
