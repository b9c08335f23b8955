"""Score curator's people and organisations against a CoNLL NER file (VLSP 2016 format).

The file holds one token per line (``word POS chunk NER``, tab-separated, BIO
tags), a blank line between sentences; a word may contain spaces. Sentences are
detokenised (no space before closing punctuation, none after opening), written
as articles of ``group`` sentences, and run through the real commands in a
child process: ``curator ingest``, ``resolve``, ``export``. The export's
mentions are then mapped back to sentences and compared with the gold entities.

How a mention finds its sentence: every sentence is searched, in order, in the
exported text of the article made from its file (ingest cleans text, so a
sentence it changed or dropped is not found and is counted as such). A mention
whose offsets lie inside a found sentence belongs to it; otherwise it goes to
the first sentence of that file not found verbatim that contains its text, or
it stays unmapped (a false positive). Each article file starts with a short
placeholder title line: ingest takes the first line as the title, and mentions
are extracted from the body only, so a corpus sentence there would never be
scored.

Scoring: per type (PER, ORG; curator's "person" and "organization"; LOC and
MISC are ignored), a predicted mention is correct when its sentence holds an
unmatched gold mention of the same type with the same text (multiset match).
Corpora such as VLSP 2016 are for measuring only: nothing here writes their
text anywhere but the scratch folder and the terminal (``--errors``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import unicodedata
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

NO_SPACE_BEFORE = frozenset({",", ".", ";", ":", "!", "?", ")", "]", "”"})
NO_SPACE_AFTER = frozenset({"(", "[", "“"})
TYPES = {"person": "PER", "organization": "ORG"}
SCORED = ("PER", "ORG")

# Head nouns that start an organisation's name, beyond the lexicon's ORG_HEADS and
# PLACE_HEADS: the ones issue 16 lists (UBND and Cục are in the lexicon already;
# the set removes repeats).
EXTRA_ORG_HEADS: tuple[str, ...] = ("Bộ", "Cục", "Công ty", "UBND", "Trường", "Báo", "Bệnh viện", "Hội")


class ConllError(Exception):
    """A CoNLL file that cannot be read, or a pipeline stage that failed (message names the file)."""


@dataclass(frozen=True, slots=True)
class GoldEntity:
    type: str
    start: int
    end: int
    text: str
    words: tuple[str, ...]


@dataclass(slots=True)
class Sentence:
    text: str
    entities: list[GoldEntity] = field(default_factory=list)


def detokenise(words: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Join words into text; return it and each word's (start, end) in it."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    prev: str | None = None
    for w in words:
        if prev is not None and w not in NO_SPACE_BEFORE and prev not in NO_SPACE_AFTER:
            parts.append(" ")
            pos += 1
        parts.append(w)
        spans.append((pos, pos + len(w)))
        pos += len(w)
        prev = w
    return "".join(parts), spans


def _sentence(words: list[str], tags: list[str]) -> Sentence:
    text, spans = detokenise(words)
    sent = Sentence(text)
    i = 0
    while i < len(tags):
        tag = tags[i]
        if tag == "O":
            i += 1
            continue
        # An I- tag with no B- before it opens an entity (the conlleval convention).
        kind = tag[2:]
        j = i + 1
        while j < len(tags) and tags[j] == f"I-{kind}":
            j += 1
        start, end = spans[i][0], spans[j - 1][1]
        sent.entities.append(GoldEntity(kind, start, end, text[start:end], tuple(words[i:j])))
        i = j
    return sent


def read_conll(path: Path) -> list[Sentence]:
    """Sentences of a CoNLL NER file with their gold entities (text NFC, as ingest makes it)."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise ConllError(f"{path}: cannot read ({e.strerror or e})") from None
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ConllError(f"{path}: not UTF-8 (byte {e.start})") from None
    sentences: list[Sentence] = []
    words: list[str] = []
    tags: list[str] = []
    for n, line in enumerate(content.splitlines(), 1):
        if not line.strip():
            if words:
                sentences.append(_sentence(words, tags))
                words, tags = [], []
            continue
        cols = line.split("\t")
        if len(cols) < 2:
            raise ConllError(f"{path}:{n}: expected tab-separated columns 'word POS chunk NER', got one column")
        word, tag = unicodedata.normalize("NFC", cols[0].strip()), cols[-1].strip()
        if not word:
            raise ConllError(f"{path}:{n}: empty word")
        if tag != "O" and not (tag[:2] in ("B-", "I-") and len(tag) > 2):
            raise ConllError(f"{path}:{n}: NER tag {tag!r} is not O, B-TYPE or I-TYPE")
        words.append(word)
        tags.append(tag)
    if words:
        sentences.append(_sentence(words, tags))
    if not sentences:
        raise ConllError(f"{path}: no sentences")
    return sentences


@dataclass(slots=True)
class ArticleFile:
    name: str
    sentences: list[int]  # indices into the corpus


def write_archive(sentences: list[Sentence], folder: Path, group: int) -> list[ArticleFile]:
    """Write ``group`` sentences a file (a placeholder title line, then one paragraph a sentence)."""
    folder.mkdir(parents=True, exist_ok=True)
    files: list[ArticleFile] = []
    width = max(3, len(str(len(sentences) // group + 1)))
    for k, first in enumerate(range(0, len(sentences), group), 1):
        idx = list(range(first, min(first + group, len(sentences))))
        name = f"a{k:0{width}d}.txt"
        body = "\n\n".join(sentences[i].text for i in idx)
        (folder / name).write_text(f"Bài {k}\n\n{body}\n", encoding="utf-8")
        files.append(ArticleFile(name, idx))
    return files


def run_pipeline(archive: Path, db: Path, out: Path) -> dict[str, float]:
    """Run ingest, resolve and export as child processes of this Python; seconds per stage."""
    here = str(Path(__file__).resolve().parent.parent.parent)
    env = dict(os.environ)
    env["PYTHONPATH"] = here + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    stages = {
        "ingest": ["ingest", str(archive)],
        "resolve": ["resolve"],
        "export": ["export", "-o", str(out)],
    }
    seconds: dict[str, float] = {}
    for stage, args in stages.items():
        t0 = time.perf_counter()
        res = subprocess.run(
            [sys.executable, "-m", "curator", "--db", str(db), *args], capture_output=True, text=True, env=env
        )
        seconds[stage] = time.perf_counter() - t0
        if res.returncode != 0:
            tail = (res.stderr or res.stdout).strip().splitlines()[-3:]
            raise ConllError(f"curator {stage} failed (exit {res.returncode}): {' | '.join(tail)}")
    seconds["total"] = sum(seconds.values())
    return seconds


@dataclass(frozen=True, slots=True)
class Predicted:
    type: str
    text: str


@dataclass(slots=True)
class Mapping:
    predicted: list[list[Predicted]]  # per sentence
    sentences_not_found: int = 0
    unmapped: list[Predicted] = field(default_factory=list)
    duplicates: int = 0


def map_mentions(export: dict[str, Any], files: list[ArticleFile], sentences: list[Sentence]) -> Mapping:
    """Give each exported person/organisation mention its sentence (see the module's docstring)."""
    result = Mapping([[] for _ in sentences])
    by_file: dict[str, list[dict[str, Any]]] = {}
    for art in export["articles"]:
        by_file.setdefault(art["source_file"], []).append(art)
        if art.get("duplicate_of"):
            result.duplicates += 1
    for f in files:
        arts = sorted(by_file.get(f.name, []), key=lambda a: a.get("file_index") or 0)
        # Where each sentence was found: (article index, start) or None.
        spans: list[list[tuple[int, int, int]]] = [[] for _ in arts]  # per article: (start, end, sentence)
        missing: list[int] = []
        a, pos = 0, 0
        for si in f.sentences:
            text = sentences[si].text
            found = False
            for b in range(a, len(arts)):
                at = arts[b]["text"].find(text, pos if b == a else 0)
                if at >= 0:
                    spans[b].append((at, at + len(text), si))
                    a, pos, found = b, at + len(text), True
                    break
            if not found:
                missing.append(si)
        result.sentences_not_found += len(missing)
        for b, art in enumerate(arts):
            starts = [s for s, _, _ in spans[b]]
            for m in art["mentions"]:
                kind = TYPES.get(m.get("type", ""))
                if kind is None:
                    continue
                p = Predicted(kind, m["text"])
                k = bisect_right(starts, m["start"]) - 1
                if k >= 0 and m["end"] <= spans[b][k][1]:
                    result.predicted[spans[b][k][2]].append(p)
                    continue
                home = next((si for si in missing if p.text in sentences[si].text), None)
                if home is None:
                    result.unmapped.append(p)
                else:
                    result.predicted[home].append(p)
    return result


def _is_head_org(text: str, heads: tuple[str, ...]) -> bool:
    return any(text == h or text.startswith(h + " ") for h in heads)


def org_heads() -> tuple[str, ...]:
    """Heads for the 'organisation with a head noun' recall: the lexicon's and the issue's."""
    from curator.extract.lexicon import ORG_HEADS, PLACE_HEADS

    return tuple(dict.fromkeys(ORG_HEADS + PLACE_HEADS + EXTRA_ORG_HEADS))


def score(sentences: list[Sentence], mapping: Mapping) -> dict[str, Any]:
    """Counts, precision and recall per type, and the three subset recalls."""
    heads = org_heads()
    counts = {t: {"gold": 0, "predicted": 0, "correct": 0} for t in SCORED}
    subsets = {
        "ORG starting with a head noun": lambda e: e.type == "ORG" and _is_head_org(e.text, heads),
        "PER full name (2+ words)": lambda e: e.type == "PER" and len(e.text.split()) >= 2,
        "PER given name alone (1 word)": lambda e: e.type == "PER" and len(e.text.split()) == 1,
    }
    extra = {name: {"gold": 0, "correct": 0} for name in subsets}
    for sent, preds in zip(sentences, mapping.predicted):
        gold = Counter((e.type, e.text) for e in sent.entities if e.type in SCORED)
        pred = Counter((p.type, p.text) for p in preds)
        for (t, _), n in gold.items():
            counts[t]["gold"] += n
        for (t, _), n in pred.items():
            counts[t]["predicted"] += n
        for key, n in (gold & pred).items():
            counts[key[0]]["correct"] += n
        hits = gold & pred
        for e in sent.entities:
            for name, member in subsets.items():
                if member(e):
                    extra[name]["gold"] += 1
        # Same text, same membership: the matched copies of a key count for the subset.
        for (t, text), n in hits.items():
            ent = GoldEntity(t, 0, 0, text, ())
            for name, member in subsets.items():
                if member(ent):
                    extra[name]["correct"] += n
    for t in SCORED:
        counts[t]["predicted"] += sum(1 for p in mapping.unmapped if p.type == t)
    types = {
        t: {**c, "precision": _ratio(c["correct"], c["predicted"]), "recall": _ratio(c["correct"], c["gold"])}
        for t, c in counts.items()
    }
    recalls = {name: {**c, "recall": _ratio(c["correct"], c["gold"])} for name, c in extra.items()}
    return {"types": types, "recalls": recalls}


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def _fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def table(result: dict[str, Any]) -> str:
    """The scores as a text table."""
    lines = [f"{'type':<6}{'gold':>7}{'pred':>7}{'correct':>9}{'P':>8}{'R':>8}"]
    for t, c in result["types"].items():
        lines.append(
            f"{t:<6}{c['gold']:>7}{c['predicted']:>7}{c['correct']:>9}{_fmt(c['precision']):>8}{_fmt(c['recall']):>8}"
        )
    lines.append("")
    for name, c in result["recalls"].items():
        lines.append(f"recall, {name:<32}{c['correct']:>5} / {c['gold']:<5}{_fmt(c['recall']):>7}")
    m = result["mapping"]
    lines.append("")
    lines.append(
        f"{result['sentences']} sentences in {result['articles']} articles of {result['group']}; "
        f"{m['sentences_not_found']} sentences not found verbatim in the export, "
        f"{m['mentions_unmapped']} mentions unmapped, {m['duplicate_articles']} articles marked duplicate"
    )
    s = result["seconds"]
    lines.append(
        f"ingest {s['ingest']:.2f} s + resolve {s['resolve']:.2f} s + export {s['export']:.2f} s = {s['total']:.2f} s"
    )
    return "\n".join(lines)


def errors(sentences: list[Sentence], mapping: Mapping, limit: int) -> str:
    """Up to ``limit`` misses and false positives per type, each with its sentence (terminal only)."""
    out: list[str] = []
    for t in SCORED:
        misses: list[str] = []
        false: list[str] = []
        for sent, preds in zip(sentences, mapping.predicted):
            gold = Counter(e.text for e in sent.entities if e.type == t)
            pred = Counter(p.text for p in preds if p.type == t)
            misses += [f"  {x!r}  in: {sent.text}" for x in (gold - pred).elements()]
            false += [f"  {x!r}  in: {sent.text}" for x in (pred - gold).elements()]
        false += [f"  {p.text!r}  (unmapped)" for p in mapping.unmapped if p.type == t]
        out.append(f"{t} missed ({len(misses)}):")
        out += misses[:limit]
        out.append(f"{t} false positives ({len(false)}):")
        out += false[:limit]
    return "\n".join(_printable(line) for line in out)


def _printable(line: str) -> str:
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in line)


def evaluate(path: Path, group: int, work: Path) -> tuple[dict[str, Any], list[Sentence], Mapping]:
    """Write the archive under ``work``, run the pipeline, score; returns the result document."""
    if group < 1:
        raise ConllError(f"--group must be at least 1, got {group}")
    sentences = read_conll(path)
    files = write_archive(sentences, work / "archive", group)
    out = work / "export.json"
    seconds = run_pipeline(work / "archive", work / "db", out)
    try:
        export = orjson.loads(out.read_bytes())
    except (OSError, orjson.JSONDecodeError) as e:
        raise ConllError(f"{out}: cannot read the export ({e})") from None
    mapping = map_mentions(export, files, sentences)
    result = score(sentences, mapping)
    result.update(
        {
            "file": path.name,
            "sentences": len(sentences),
            "articles": len(files),
            "group": group,
            "mapping": {
                "sentences_not_found": mapping.sentences_not_found,
                "mentions_unmapped": len(mapping.unmapped),
                "duplicate_articles": mapping.duplicates,
            },
            "seconds": {k: round(v, 3) for k, v in seconds.items()},
        }
    )
    return result, sentences, mapping
