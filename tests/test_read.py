"""read_article: the text back unchanged, or one InputError line naming the file and what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from l10n.errors import InputError, ReadError
from l10n.stages.read import MAX_ARTICLE_BYTES, check_english, not_english_reason, read_article

ENGLISH = ("The US-led coalition withdrew from the K1 military base on Sunday and handed it to the "
           "Iraqi Security Forces, a statement said.\r\n\r\nThe relocation had long been planned.\r\n")
ARABIC = "انسحب التحالف الدولي بقيادة الولايات المتحدة من قاعدة كي وان العسكرية في كركوك وسلمها للقوات العراقية"
SORANI = "هاوپەیمانی نێودەوڵەتی لە بنکەی سەربازیی کەی وەن لە کەرکووک کشایەوە و ڕادەستی هێزە عێراقییەکانی کرد"
GERMAN = ("Die von den USA geführte Koalition hat sich aus zwei Militärstützpunkten in Kirkuk und Ninive "
          "zurückgezogen und sie den irakischen Sicherheitskräften übergeben.")


def write(tmp_path: Path, data: bytes, name: str = "notes.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def refusal(path: Path | str, error: type[Exception] = InputError) -> str:
    with pytest.raises(error) as caught:
        read_article(path)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{path}: ") and message.endswith(".")
    return message


def test_english_text_comes_back_unchanged_with_its_line_endings(tmp_path):
    assert read_article(write(tmp_path, ENGLISH.encode())) == ENGLISH
    mac = ENGLISH.replace("\r\n", "\r")
    assert read_article(write(tmp_path, mac.encode())) == mac


def test_a_utf8_bom_is_stripped(tmp_path):
    assert read_article(write(tmp_path, b"\xef\xbb\xbf" + ENGLISH.encode())) == ENGLISH


def test_a_short_text_is_not_judged(tmp_path):
    assert read_article(write(tmp_path, "Kirkuk, 29 March".encode())) == "Kirkuk, 29 March"


def test_the_sample_article_is_english():
    sample = Path(__file__).resolve().parent.parent / "examples" / "k1-qayyarah-withdrawal.txt"
    assert read_article(sample).startswith("US-led coalition withdrew")


def test_a_missing_file(tmp_path):
    assert "no such file" in refusal(tmp_path / "missing.txt")


def test_a_directory(tmp_path):
    assert "directory" in refusal(tmp_path)


@pytest.mark.parametrize("data", [b"", b"   \r\n\t\n", b"\xef\xbb\xbf\n", "\ufeff\u200b\n\u200d\u2060 \u200e\n".encode()])
def test_an_empty_article(tmp_path, data):
    assert "empty" in refusal(write(tmp_path, data))


def test_a_binary_file_with_nul_bytes(tmp_path):
    assert "binary" in refusal(write(tmp_path, b"PK\x03\x04\x00\x00binary"))


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_article_is_named_as_such(tmp_path, codec):
    """Before: "this looks like a binary file (it contains NUL bytes)" for an article Word saved as "Unicode"."""
    message = refusal(write(tmp_path, "Kirkuk council reopens the road\n\nThe road opens on Friday.\n".encode(codec)))
    assert "UTF-16" in message and "re-save it as UTF-8" in message and "binary" not in message


def test_a_file_of_control_characters(tmp_path):
    assert "control characters" in refusal(write(tmp_path, bytes(range(1, 9)) * 20 + b"text"))


def test_a_legacy_encoding(tmp_path):
    message = refusal(write(tmp_path, "Café crème, Kirkuk".encode("latin-1")))
    assert "UTF-8" in message and "Windows-1256" in message and "re-save" in message
    assert "UTF-8" in refusal(write(tmp_path, ARABIC.encode("cp1256"), "ar.txt"))


def test_a_file_over_the_limit_is_refused_without_reading_it(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB that cost nothing to write

    def never_read(*args, **kwargs):
        raise AssertionError("a file over the limit must not be opened")

    monkeypatch.setattr(Path, "open", never_read)
    assert "limit" in refusal(path)


def test_a_file_just_over_the_limit(tmp_path):
    assert "2 MiB" in refusal(write(tmp_path, b"a" * (MAX_ARTICLE_BYTES + 1)))


def test_a_file_that_cannot_be_opened(tmp_path, monkeypatch):
    path = write(tmp_path, ENGLISH.encode())

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(Path, "open", denied)
    assert "Permission denied" in refusal(path, ReadError)   # not the article's fault: exit 11, not 3


@pytest.mark.parametrize("text, language, reason", [
    (ARABIC, "Arabic (ar)", "100% of its letters are Arabic script"),
    (SORANI, "Central Kurdish (ckb)", "100% of its letters are Arabic script"),
    (GERMAN, "German (de)", "langdetect gives it 100%"),
])
def test_text_that_is_not_english(tmp_path, text, language, reason):
    message = refusal(write(tmp_path, text.encode()))
    assert message == (f"{tmp_path / 'notes.txt'}: this looks like {language}, not English: {reason}; "
                       "l10n translates English articles only.")


# One-line headlines under 100 bytes: the script decides, however short the text.
HEADLINES = [
    ("انسحاب التحالف من قاعدة كي وان في كركوك", "Arabic (ar)"),
    ("هاوپەیمانی لە بنکەی کەی وەن کشایەوە", "Central Kurdish (ckb)"),
    ("Irak ordusu Kerkük'te operasyon başlattı", "Turkish (tr)"),
    ("Kerkük'te Koalisyon Üssünden Çekildi", "Turkish (tr)"),
    ("Koalisiýa Kerkükdäki harby bazadan çykdy", "Turkmen (tk)"),
    ("بغداد", "Arabic (ar)"),
]


@pytest.mark.parametrize("text, language", HEADLINES)
def test_a_short_foreign_headline_is_refused_by_its_script(text, language):
    assert len(text.encode()) < 100
    reason = not_english_reason(text)
    assert reason.startswith(f"this looks like {language}, not English: ")


@pytest.mark.parametrize("text", [
    "Kirkuk, 29 March", "Erdoğan visits Kirkuk", "Erdoğan Visits Kirkuk Base", "Gül meets Erdoğan in Ankara",
    "The café in Zürich reopened after the crisis, officials said on Monday.",
    "Kirkuk's governor met Arabic-speaking (عربي) delegates on Sunday to discuss the census.",
])
def test_english_with_names_or_a_foreign_word_is_accepted(text):
    assert not_english_reason(text) is None


def test_check_english_names_what_it_is_given_and_is_a_function_of_the_text():
    with pytest.raises(InputError, match=r"^notes\.txt: this looks like Arabic \(ar\), not English: 100% of its"):
        check_english(ARABIC, "notes.txt")
    with pytest.raises(InputError, match=r"^this looks like Arabic"):
        check_english(ARABIC)
    check_english(ENGLISH, "notes.txt")
    assert not_english_reason(ENGLISH) is None
