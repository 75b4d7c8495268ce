"""Machine drafts from an Argos package, with CTranslate2 and SentencePiece used directly.

The engine is one method, ``translate_batch(requests) -> n-best Hypothesis
records per request``; the pipeline and the glossary layer only see that.  We
do what plain Argos does (SentencePiece pieces in, beam search,
``replace_unknowns``, pieces decoded and the leading space dropped) and add
what Argos lacks: the package's source/target prefix tokens for multilingual
and NLLB models, hard or soft target prefixes per request, the model's word
alignment on request (CTranslate2 ``return_attention``: the alignment head
Argos' ``replace_unknowns`` relies on, pieces summed into words on both
sides), batching by option set, and units longer than the model's
positions cut into pieces drafted in the same batch (``split``).  Both
libraries are imported on first use, so ``l10n --help`` never loads them, and
their exceptions become ModelError in ``map_engine_errors`` only.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import struct
import threading
from dataclasses import replace
from pathlib import Path
from collections import defaultdict, deque
from collections.abc import Callable, Iterator, Sequence

from ...core.languages import LanguageProfile
from ...core.project import EngineSettings, Project
from ...core.records import EngineRequest, Hypothesis
from ...errors import ModelError
from .packages import PackageInfo, choose_package
from .split import join_hypotheses, split_for_model

SPACE_MARK = "\u2581"  # SentencePiece's word-start mark
BLANK_BYTES = frozenset(f"<0x{code:02X}>" for code in (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20))  # byte-fallback whitespace
MAX_DECODING = 1 << 30  # no limit of the request's own
MIN_DECODING_LIMIT = 256  # CTranslate2's default; longer sources get twice their length, so no draft is cut short
INPUT_LIMIT = 1024        # CTranslate2's max_input_length: it truncates longer inputs without a word
_ENGINE_ERRORS = (RuntimeError, ValueError, OSError)  # what CTranslate2 and SentencePiece raise
LOAD_THREAD = "l10n-model-load"  # the thread loading a model early (start_loading); it writes nothing


@contextlib.contextmanager
def map_engine_errors(package: PackageInfo, doing: str) -> Iterator[None]:
    """The one boundary where CTranslate2/SentencePiece errors become a one-line ModelError.

    Only a model that will not load is a broken package; a failure while drafting
    says what failed and how to get on.
    """
    try:
        yield
    except ModelError:
        raise
    except _ENGINE_ERRORS as exc:
        detail = " ".join(str(exc).split())[:200] or type(exc).__name__
        advice = ("reinstall the package with `l10n models install FILE.argosmodel`" if doing == "loading the model"
                  else "run again with a smaller [engine] max_batch_size, and report it with the article if it persists")
        raise ModelError(f"{package.path}: {doing} failed ({detail}); {advice}.") from exc


def model_positions(model_dir: Path) -> int:
    """How many tokens the model can read or write: its position encodings, at most CTranslate2's INPUT_LIMIT.

    Read from the variable table of ``model.bin`` (CTranslate2's format: version,
    spec name, revision, then per variable its name, shape, type and size), without
    loading the weights; INPUT_LIMIT when the table holds none.
    """
    limit = INPUT_LIMIT
    try:
        with open(Path(model_dir) / "model.bin", "rb") as model:
            def number(kind: str) -> int:
                return struct.unpack("<" + kind, model.read(struct.calcsize(kind)))[0]

            def name() -> str:
                return model.read(number("H"))[:-1].decode("utf-8")

            version = number("I")
            name()
            number("I")
            for _ in range(number("I")):
                variable, shape = name(), [number("I") for _ in range(number("B"))]
                if version >= 4:
                    number("B")
                model.seek(number("I"), os.SEEK_CUR)
                if variable.endswith("position_encodings/encodings") and shape:
                    limit = min(limit, shape[0])
    except (OSError, struct.error, UnicodeDecodeError):
        return INPUT_LIMIT  # loading the model reports a broken file
    return limit


def resolve_device(requested: str) -> str:
    """'cpu' or 'cuda' for ``requested`` (cpu | cuda | auto); asking for a missing GPU is an error."""
    if requested not in ("cpu", "cuda", "auto"):
        raise ModelError(f"unknown engine device {requested!r}; set [engine] device to cpu, cuda or auto in l10n.toml.")
    if requested == "cpu":  # always there: no need to import CTranslate2 to ask
        return requested
    import ctranslate2

    has_gpu = ctranslate2.get_cuda_device_count() > 0
    if requested == "cuda" and not has_gpu:
        raise ModelError("engine device 'cuda' asked for, but CTranslate2 finds no CUDA GPU; set [engine] device = \"cpu\" or \"auto\".")
    if requested == "auto":
        return "cuda" if has_gpu else "cpu"
    return requested


def resolve_compute_type(requested: str, device: str) -> str:
    """``requested``, or for 'auto': int8 on a CPU that supports it (as Argos ships int8 models), else 'default'."""
    import ctranslate2

    if requested != "auto":
        return requested
    if device == "cpu" and "int8" in ctranslate2.get_supported_compute_types("cpu"):
        return "int8"
    return "default"


def available_cores() -> int:
    """The cores this process may run on (the affinity mask, not the machine's total)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def resolve_threads(settings: EngineSettings, device: str) -> tuple[int, int]:
    """(inter_threads, intra_threads) with 0 meaning "fit the machine".

    On a CPU, one single-threaded worker per core measured fastest (1.5x one
    batch on both cores: scripts/bench_translate.py); workers share one copy of
    the model.  When only ``intra_threads`` is set, the workers default to as
    many as fit beside it (workers x intra_threads <= cores, at least one), so
    the machine is never oversubscribed by default.  On a GPU, one worker.

    >>> from l10n.core.project import EngineSettings
    >>> cores = available_cores()
    >>> inter, intra = resolve_threads(EngineSettings(intra_threads=2), "cpu")
    >>> intra, inter == max(1, cores // 2)
    (2, True)
    """
    cores = available_cores()
    inter = settings.inter_threads or (1 if device == "cuda" else max(1, cores // (settings.intra_threads or 1)))
    intra = settings.intra_threads or max(1, cores // inter)
    return inter, intra


class ArgosEngine:
    """Drafts ``target`` with one installed package; loads the model once, on first use."""

    def __init__(self, package: PackageInfo, target: str, settings: EngineSettings):
        self.package = package
        self.target = target
        self.settings = settings
        source_prefix, target_prefix = package.prefixes_for(target)
        self._source_prefix = source_prefix.split()
        self._source_suffix = package.source_suffix.split()
        self._target_prefix = target_prefix.split()
        self._control_tokens = frozenset(self._source_prefix + self._source_suffix + self._target_prefix)
        self._translator = None
        self._workers = 1
        self._tokenizer = None
        self._positions = INPUT_LIMIT
        self._loading = threading.Lock()  # drafting threads share the engine: the model loads once
        self.skipped: dict[str, str] = {}  # source -> why the model gave it no draft (see _one_by_one)

    @property
    def id(self) -> str:
        return self.package.label

    @property
    def fingerprint(self) -> str:
        """The package's model files (path, size, modification time), the target and the settings, hashed: a
        reinstalled or rebuilt package, or another beam, is another engine to what its drafts are kept under."""
        parts = [str(self.package.path.resolve()), self.target, repr(self.settings)]
        for name in ("model/model.bin", "sentencepiece.model"):
            try:
                stat = (self.package.path / name).stat()
            except OSError:
                return ""
            parts.append(f"{name} {stat.st_size} {stat.st_mtime_ns}")
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    def close(self) -> None:
        """Free the model (once a load under way has finished); the next translate_batch loads it again."""
        with self._loading:
            self._translator = self._tokenizer = None

    def translate_batch(
        self, requests: Sequence[EngineRequest], progress: Callable[[int], None] | None = None
    ) -> list[list[Hypothesis]]:
        """``n_best`` hypotheses per request, in request order, aligned where the request asks.

        Requests sharing (n_best, prefix_bias, with_alignment, max_length) run together, shortest first, in
        chunks of ``max_batch_size``; ``progress`` gets the number of requests
        finished after each chunk.  Chunks are submitted asynchronously, a few
        ahead, so CTranslate2's ``inter_threads`` workers run batches side by
        side (one worker per core measured fastest on a 2-core CPU).
        CTranslate2 biases a whole prefix, so with ``prefix_bias`` the
        package's own target prefix token is biased too.  A unit longer than the
        model's positions is drafted in pieces (``split``; a target prefix goes
        to its first piece) and comes back as one.  A unit the model fails on gets
        no hypothesis and ``skipped`` says why; the others are drafted.
        """
        if not requests:
            return []
        translator, tokenizer = self._load()
        with map_engine_errors(self.package, "tokenizing"):
            plans = [self._pieces(tokenizer, request.source) for request in requests]
        pieces = [replace(request, source=text, target_prefix=request.target_prefix if index == 0 else "")
                  for request, plan in zip(requests, plans) for index, (text, _) in enumerate(plan)]
        owner = [number for number, plan in enumerate(plans) for _ in plan]
        left = [len(plan) for plan in plans]

        def piece_done(indices: list[int]) -> None:
            finished = 0
            for index in indices:
                left[owner[index]] -= 1
                finished += not left[owner[index]]
            if progress is not None and finished:
                progress(finished)

        drafts = self._translate_pieces(translator, tokenizer, pieces, piece_done)
        results, start = [], 0
        for request, plan in zip(requests, plans):
            own = drafts[start : start + len(plan)]
            results.append(own[0] if len(plan) == 1 else join_hypotheses(plan, own))
            start += len(plan)
            why = next((self.skipped[text] for (text, _), hypotheses in zip(plan, own) if not hypotheses and text in self.skipped), None)
            if why is not None:
                self.skipped[request.source] = why
        return results

    def _pieces(self, tokenizer, text: str) -> list[tuple[str, str]]:
        """``text`` cut where needed so each piece, with the package's control tokens, leaves room to draft twice its length."""
        controls = len(self._source_prefix) + len(self._source_suffix)
        budget = max(1, (self._positions - 1) // 2 - controls)
        return split_for_model(text, lambda piece: len(tokenizer.encode(piece)), budget)

    def _translate_pieces(self, translator, tokenizer, requests: Sequence[EngineRequest], done: Callable[[list[int]], None]) -> list[list[Hypothesis]]:
        """Draft requests that fit the model: grouped by options, shortest first, in chunks, a few chunks in flight."""
        results: list[list[Hypothesis]] = [[] for _ in requests]
        with map_engine_errors(self.package, "tokenizing"):
            texts = [r.source for r in requests]
            pieces = tokenizer.encode(texts, out_type=str)
            sources = [[*self._source_prefix, *own, *self._source_suffix] for own in pieces]
            prefixes = [self._target_tokens(tokenizer, r.target_prefix) for r in requests]
        chunks = []
        for (n_best, bias, aligned, limit), indices in _group_by_options(requests).items():
            indices.sort(key=lambda i: len(sources[i]))
            size = self.settings.max_batch_size
            chunks.extend((indices[start : start + size], n_best, bias, aligned, limit) for start in range(0, len(indices), size))
        window = 2 * self._workers  # enough queued to keep every worker busy
        in_flight: deque = deque()
        for chunk, *options in chunks:
            try:
                in_flight.append((chunk, options, self._submit(translator, [sources[i] for i in chunk], [prefixes[i] for i in chunk], *options)))
            except _ENGINE_ERRORS:
                self._one_by_one(translator, tokenizer, chunk, options, pieces, sources, prefixes, texts, results, done)
            if len(in_flight) >= window:
                self._collect(translator, tokenizer, *in_flight.popleft(), pieces, sources, prefixes, texts, results, done)
        while in_flight:
            self._collect(translator, tokenizer, *in_flight.popleft(), pieces, sources, prefixes, texts, results, done)
        if not any(results):  # nothing drafts: the model, not a unit, is at fault
            raise ModelError(f"{self.package.path}: translating failed ({self.skipped.get(texts[0], 'no draft')}); "
                             "run again with a smaller [engine] max_batch_size, and report it with the article if it persists.")
        return results

    def _submit(self, translator, sources, prefixes, n_best: int, bias: float, aligned: bool, limit: int = 0):
        """Queue one CTranslate2 batch with Argos' options; the decoding limit grows with the source so no draft is cut."""
        longest = max(len(source) + len(prefix or ()) for source, prefix in zip(sources, prefixes))
        return translator.translate_batch(
            sources,
            target_prefix=prefixes,
            beam_size=max(self.settings.beam_size, n_best),
            num_hypotheses=n_best,
            length_penalty=self.settings.length_penalty,
            prefix_bias_beta=bias,
            max_input_length=self._positions,
            max_decoding_length=min(self._positions - 1, limit or MAX_DECODING, max(MIN_DECODING_LIMIT, 2 * longest)),  # a request may only lower it
            replace_unknowns=True,
            return_attention=aligned,
            asynchronous=True,
        )

    def _collect(self, translator, tokenizer, chunk, options, pending, pieces, sources, prefixes, texts, results, done) -> None:
        """Wait for one queued batch and decode its hypotheses (and alignments) into ``results``."""
        try:
            outputs = [job.result() for job in pending]
        except _ENGINE_ERRORS:
            self._one_by_one(translator, tokenizer, chunk, options, pieces, sources, prefixes, texts, results, done)
            return
        for i, output in zip(chunk, outputs):
            attention = output.attention or [None] * len(output.hypotheses)
            results[i] = [self._hypothesis(tokenizer, tokens, rows, pieces[i], texts[i]) for tokens, rows in zip(output.hypotheses, attention)]
        done(chunk)

    def _one_by_one(self, translator, tokenizer, chunk, options, pieces, sources, prefixes, texts, results, done) -> None:
        """A batch the model failed on, drafted request by request: one unit cannot fail its neighbours.

        A request that fails alone gets no draft, and ``skipped`` says why.
        """
        for i in chunk:
            try:
                (output,) = [job.result() for job in self._submit(translator, [sources[i]], [prefixes[i]], *options)]
            except _ENGINE_ERRORS as exc:
                self.skipped[texts[i]] = " ".join(str(exc).split())[:200] or type(exc).__name__
                continue
            attention = output.attention or [None] * len(output.hypotheses)
            results[i] = [self._hypothesis(tokenizer, tokens, rows, pieces[i], texts[i]) for tokens, rows in zip(output.hypotheses, attention)]
        done(chunk)

    def _hypothesis(self, tokenizer, tokens: list[str], rows, source_pieces: list[str], source_text: str) -> Hypothesis:
        """One decoded hypothesis; with attention ``rows``, its target words aligned to source words."""
        text = self._detokenize(tokenizer, tokens)
        if rows is None:
            return Hypothesis(text)
        kept = [(token, row) for token, row in zip(tokens, rows) if token not in self._control_tokens]
        offset = len(self._source_prefix)
        own_rows = [row[offset : offset + len(source_pieces)] for _, row in kept]
        aligned = word_alignment([token for token, _ in kept], own_rows, source_pieces,
                                 len(text.split()), len(source_text.split()))
        return Hypothesis(text, *aligned) if aligned else Hypothesis(text)

    def _load(self):
        with self._loading:
            return self._load_once()

    def load_quietly(self) -> None:
        """Load the model now, an error left for the first ``translate_batch`` (which loads again and reports it)."""
        with contextlib.suppress(Exception):
            self._load()

    def _load_once(self):
        if self._translator is None:
            import ctranslate2
            import sentencepiece

            device = resolve_device(self.settings.device)
            compute_type = resolve_compute_type(self.settings.compute_type, device)
            self._workers, intra = resolve_threads(self.settings, device)
            with map_engine_errors(self.package, "loading the model"):
                self._positions = model_positions(self.package.path / "model")
                self._tokenizer = sentencepiece.SentencePieceProcessor(
                    model_file=str(self.package.path / "sentencepiece.model")
                )
                self._translator = ctranslate2.Translator(
                    str(self.package.path / "model"),
                    device=device,
                    compute_type=compute_type,
                    inter_threads=self._workers,
                    intra_threads=intra,
                )
        return self._translator, self._tokenizer

    def _target_tokens(self, tokenizer, text: str) -> list[str] | None:
        forced = tokenizer.encode(text, out_type=str) if text else []
        return [*self._target_prefix, *forced] or None

    def _detokenize(self, tokenizer, tokens: list[str]) -> str:
        """Decode like Argos, and make sure no prefix/suffix token survives, even split by spacing."""
        text = tokenizer.decode_pieces([t for t in tokens if t not in self._control_tokens])
        text = text.replace(SPACE_MARK, " ")
        leaked = [token for token in self._control_tokens if token in text]
        for token in leaked:
            text = re.sub(rf"\s*{re.escape(token)}\s*", " ", text)
        if leaked:
            text = text.strip()
        return text[1:] if text.startswith(" ") else text


def _group_by_options(requests: Sequence[EngineRequest]) -> dict[tuple[int, float, bool, int], list[int]]:
    """Indices of requests by the options CTranslate2 takes per call (bias only matters with a prefix)."""
    groups: dict[tuple[int, float, bool, int], list[int]] = defaultdict(list)
    for index, request in enumerate(requests):
        bias = request.prefix_bias if request.target_prefix else 0.0
        groups[(max(1, request.n_best), bias, request.with_alignment, request.max_length)].append(index)
    return groups


def piece_words(pieces: Sequence[str]) -> tuple[list[int], int]:
    """The word index of each SentencePiece piece (-1 in blank groups) and the number of words.

    A piece starting with ▁ opens a group; groups of nothing but spaces are no
    words, so the numbering is the one ``str.split`` gives the decoded text.

    >>> piece_words(["▁", "T", "he", "▁", "▁Ir", "aq", "."])
    ([0, 0, 0, -1, 1, 1, 1], 2)
    """
    groups: list[list[str]] = []
    for piece in pieces:
        if piece.startswith(SPACE_MARK) or not groups:
            groups.append([])
        groups[-1].append(piece)
    numbers, count = [], 0
    for group in groups:
        blank = all(not piece.strip(SPACE_MARK) or piece in BLANK_BYTES for piece in group)
        numbers.extend([-1 if blank else count] * len(group))
        count += not blank
    return numbers, count


def word_alignment(target_pieces, rows, source_pieces, target_words: int,
                   source_words: int) -> tuple[tuple[int, ...], tuple[float, ...]] | None:
    """Per target word, the source word its pieces attend to most (attention summed per word), and how sure.

    The confidence is the share of the word's attention on that source word
    (a row sums to 1 over the whole source, end of sentence and control tokens
    included, so a flat or end-parked head gives a low share).  None when the
    piece groups do not give the texts' word counts (a decoding quirk), so
    nobody acts on a wrong alignment.
    """
    source_of, source_count = piece_words(source_pieces)
    target_of, target_count = piece_words(target_pieces)
    if (source_count, target_count) != (source_words, target_words):
        return None
    spans: dict[int, list[int]] = {}  # source word -> [first column, end column]
    for column, word in enumerate(source_of):
        if word >= 0:
            spans.setdefault(word, [column, column])[1] = column + 1
    positions: list[list[int]] = [[] for _ in range(target_count)]
    for position, word in enumerate(target_of):
        if word >= 0:
            positions[word].append(position)
    alignment, confidence = [], []
    bounds = [spans[word] for word in range(source_count)]
    for own in positions:
        # a word of one piece (most) has its row as it is: summing one number only adds it to 0
        summed = rows[own[0]] if len(own) == 1 else [sum(column) for column in zip(*(rows[position] for position in own))]
        totals = [summed[first] if end - first == 1 else sum(summed[first:end]) for first, end in bounds]  # 0 + x is x
        best = max(range(source_count), key=totals.__getitem__) if source_count else -1
        alignment.append(best)
        mass = max(len(own), sum(summed))  # the rows' whole mass, or more when they do not sum to 1
        confidence.append(min(1.0, max(0.0, totals[best] / mass)) if source_count and mass > 0 else 0.0)
    return tuple(alignment), tuple(confidence)


def load_engine(project: Project, profile: LanguageProfile) -> ArgosEngine | None:
    """The engine for ``profile``'s best installed package, or None when no package is installed for it.

    The engine drafts the package's to-code, which for a pivot (tk via tr) is
    not ``profile.code``; the caller adapts and labels those drafts.  An engine
    ``start_loading`` began for the same package and settings is handed over.
    A broken package that might serve ``profile`` when no other does is a
    ModelError (``packages.choose_package``), not None.
    """
    chosen = choose_package(profile, project.argos_packages_dir())
    if chosen is None:
        return None
    package, to_code = chosen
    with _STARTED_LOCK:
        started = _STARTED.pop((package.path, to_code, project.engine), None)
    return started or ArgosEngine(package, to_code, project.engine)


#: Engines whose model began loading before a run asked for them, by (package path, to-code, settings).
_STARTED: dict[tuple[Path, str, EngineSettings], ArgosEngine] = {}
_STARTED_LOCK = threading.Lock()


def start_loading(project: Project, profile: LanguageProfile) -> tuple[Path, str, EngineSettings] | None:
    """Begin loading, on a thread, the model ``load_engine`` will give ``profile``, so the caller's own work hides the load.

    CTranslate2 and SentencePiece release the GIL while they read the model, as
    raw CTranslate2 pays that load too.  A load that fails here is left for the
    run's own first ``translate_batch`` to report.  Returns the key to give ``drop_started``, or None
    when no package serves ``profile`` or that model is already loading.
    """
    chosen = choose_package(profile, project.argos_packages_dir())
    if chosen is None:
        return None
    package, to_code = chosen
    key = (package.path, to_code, project.engine)
    with _STARTED_LOCK:
        if key in _STARTED:
            return None
        engine = _STARTED[key] = ArgosEngine(package, to_code, project.engine)
    threading.Thread(target=engine.load_quietly, name=LOAD_THREAD).start()
    return key


def drop_started(keys: Sequence[tuple[Path, str, EngineSettings]]) -> None:
    """Free the models ``start_loading`` began under ``keys`` that no ``load_engine`` took (nothing needed a draft)."""
    with _STARTED_LOCK:
        engines = [_STARTED.pop(key) for key in keys if key in _STARTED]
    for engine in engines:
        engine.close()
