#!/usr/bin/env python3
"""Rebuild Fidel's sample Amharic speech corpus (sample-project/corpus/) from text, with espeak-ng.

Python 3.9+ standard library only. Needs on PATH: espeak-ng (with its Amharic voice `am`) and
opusenc (opus-tools). Nothing in Fidel's build or tests runs this: they read the committed output.

    python3 sample-project/recipe/make_corpus.py --text /path/to/am_corpus.tsv

What it does, deterministically (same inputs + same tool versions -> byte-identical clips):
 1. Reads `source<TAB>text` lines (the shared Amharic text corpus; see corpus/README.md).
 2. Cleans each line: joins the detached prefixes የ በ ለ ከ to the next word (LibreOffice catalogs
    write "የ ገጹ"; Amharic writes "የገጹ"), then keeps lines of 2-4 words, at most 40 characters,
    Ethiopic letters and single spaces only, no one-letter word, no word twice.
 3. Deduplicates on a folded key (homophone letters ሐ ኀ->ሀ, ሠ->ሰ, ዐ->አ, ፀ->ጸ, spaces removed): espeak-ng
    says those the same, so such pairs would be the same audio with two spellings.
 4. Assigns each line a speaker from a hash of its text (stable when lines are added) and renders it
    once to measure its duration; keeps 1.0-2.8 s.
 5. Selects --count lines: first, for every Ethiopic letter in the pool (rarest first) one line that
    contains it, so the corpus covers every syllable the text has; then the rest in a seeded shuffle,
    skipping a line when one of its words already occurs WORD_CAP times or its source group is full.
 6. Adds the hand-written normalization lines (recipe/normalization_lines.tsv: written form ->
    spoken form); the transcript is the written form, espeak-ng is told the spoken form.
 7. Encodes every clip as mono Ogg Opus (opusenc, 24 kbit/s VBR, fixed stream serial) into
    corpus/clips/<id>.opus, where <id> is the first 12 hex digits of SHA-256(voice, spoken, written):
    adding lines never renames old clips. Writes corpus/validated.tsv (Common Voice style, sorted by
    path) and deletes clips that are no longer listed.
"""
import argparse
import collections
import concurrent.futures
import hashlib
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import wave

SEED = 20261122
TARGET = 4000
VOICES = ("am+m1", "am+f1")          # espeak-ng voice variants used as speakers (no -p/-s given)
GENDER = {"am+m1": "male", "am+f1": "female"}
MIN_WORDS, MAX_WORDS, MAX_CHARS = 2, 4, 40
MIN_SEC, MAX_SEC = 1.0, 2.8
WORD_CAP = 15                        # no word in more than this many selected lines
OPUS_ARGS = ["--quiet", "--bitrate", "24", "--vbr", "--comp", "10", "--padding", "0"]
PREFIXES = {"የ", "በ", "ለ", "ከ"}
LINE_OK = re.compile(r"^[\u1200-\u135A]+( [\u1200-\u135A]+)*$")
SPOKEN_OK = re.compile(r"^[\u1200-\u135A]+( [\u1200-\u135A]+)*$")

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(os.path.dirname(HERE), "corpus")
NORMALIZATION_LINES = os.path.join(HERE, "normalization_lines.tsv")
NORMALIZATION_SOURCE = "fidel:recipe/normalization_lines.tsv"
NORMALIZATION_LICENCE = "CC0-1.0"

# ---- sources -> licence (see the text corpus README; per-catalog upstream licences for GNOME) ----
LIBREOFFICE_CATALOGS = {
    "acc", "avmedia", "basctl", "chart", "cnr", "cui", "dba", "dkt", "editeng", "flt", "for", "fps",
    "frm", "fwk", "oox", "pcr", "rpt", "sb", "sc", "sca", "scc", "sd", "sfx", "sm", "svl", "svt",
    "svx", "sw", "uui", "vcl", "wiz", "wpt", "xsc"}
GNOME_CATALOGS = {
    "at-spi2-core": "LGPL-2.1-or-later",
    "evolution-data-server": "LGPL-2.0-or-later",
    "gedit": "GPL-2.0-or-later",
    "glib20": "LGPL-2.1-or-later",
    "gnome-control-center-2.0": "GPL-2.0-or-later",
    "gnome-control-center-2.0-timezones": "GPL-2.0-or-later",
    "gnome-desktop-3.0": "GPL-2.0-or-later AND LGPL-2.0-or-later",
    "gtk20": "LGPL-2.1-or-later",
    "gtk20-properties": "LGPL-2.1-or-later",
    "libgweather-4.0": "GPL-2.0-or-later",
    "nautilus": "GPL-3.0-or-later",
    "software-properties": "GPL-2.0-or-later",
}


def source_group_and_licence(source):
    """(group, SPDX licence) for a source tag of the text corpus; raises on an unknown tag."""
    if source.startswith("mo:"):
        name = source[3:].removesuffix(".mo")
        if name.startswith("iso_"):
            return "iso-codes", "LGPL-2.1-or-later"
        if name in LIBREOFFICE_CATALOGS:
            return "libreoffice", "MPL-2.0"
        if name in GNOME_CATALOGS:
            return "gnome", GNOME_CATALOGS[name]
    elif source.startswith("cldr:"):
        package = source[5:].split("/")[0]
        group = "cldr-annotations" if "annotations" in package else "cldr-" + package.split("-")[1]
        return group, "Unicode-3.0"
    elif source == "icu-localename":
        return "icu", "Unicode-3.0"
    elif source == "jdk-localename":
        return "jdk", "GPL-2.0-only WITH Classpath-exception-2.0"
    elif source == "json:package/am.json":
        return "i18n-iso-countries", "MIT"
    elif source == "js:am.js":
        return "dayjs", "MIT"
    elif source == "glibc:am_ET":
        return "glibc", "LGPL-2.1-or-later"
    raise ValueError("no licence known for source tag %r: add it to make_corpus.py" % source)


# No group may fill more than this share of the selection (the UI catalogs dominate the pool).
GROUP_SHARE = {"libreoffice": 0.50, "cldr-annotations": 0.35, "cldr-dates": 0.06,
               "cldr-localenames": 0.06, "gnome": 0.08}
DEFAULT_SHARE = 0.05

# ---- text ----
FOLD = {0x1210: 0x1200, 0x1280: 0x1200, 0x1220: 0x1230, 0x12D0: 0x12A0, 0x1340: 0x1338}


def fold(text):
    """Homophone folding key: ሐ ኀ -> ሀ, ሠ -> ሰ, ዐ -> አ, ፀ -> ጸ (whole series), spaces removed."""
    out = []
    for ch in text:
        cp = ord(ch)
        base, order = cp & ~7, cp & 7
        out.append(chr(FOLD[base] + order) if base in FOLD else ch)
    return "".join(out).replace(" ", "")


def clean(text):
    """The transcript for one corpus line, or None when the line is unfit."""
    text = unicodedata.normalize("NFC", text).strip()
    if not LINE_OK.match(text):
        return None
    toks, words = text.split(" "), []
    i = 0
    while i < len(toks):
        if toks[i] in PREFIXES and i + 1 < len(toks):
            words.append(toks[i] + toks[i + 1])
            i += 2
        else:
            words.append(toks[i])
            i += 1
    line = " ".join(words)
    if not (MIN_WORDS <= len(words) <= MAX_WORDS) or len(line) > MAX_CHARS:
        return None
    if any(len(w) < 2 for w in words) or len(set(words)) < len(words):
        return None
    return line


def sha(*parts):
    return hashlib.sha256("\t".join(parts).encode("utf-8")).hexdigest()


def speaker_for(text):
    return VOICES[int(sha("speaker", text)[:8], 16) % len(VOICES)]


def clip_id(voice, spoken, written):
    return sha(voice, spoken, written)[:12]


# ---- audio ----
def render(voice, spoken, wav_path):
    """espeak-ng -> 22,050 Hz mono 16-bit WAV; returns the duration in seconds."""
    subprocess.run(["espeak-ng", "-v", voice, "-w", wav_path, spoken], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    with wave.open(wav_path, "rb") as w:
        return w.getnframes() / w.getframerate()


def encode(wav_path, opus_path, cid):
    serial = int(cid[:7], 16)  # fixed Ogg serial: rebuilds are byte-identical
    tmp = opus_path + ".part"
    subprocess.run(["opusenc", *OPUS_ARGS, "--serial", str(serial), wav_path, tmp], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    os.replace(tmp, opus_path)


def tool_versions():
    e = subprocess.run(["espeak-ng", "--version"], capture_output=True, text=True).stdout.strip()
    o = subprocess.run(["opusenc", "--version"], capture_output=True, text=True).stdout.splitlines()
    return e, (o[0] if o else "?")


# ---- selection ----
def read_pool(text_path):
    pool, seen, counts = [], set(), collections.Counter()
    with open(text_path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            raw = raw.rstrip("\n")
            if not raw:
                continue
            if "\t" not in raw:
                raise SystemExit("%s:%d: expected 'source<TAB>text'" % (text_path, n))
            source, text = raw.split("\t", 1)
            counts["lines"] += 1
            line = clean(text)
            if line is None:
                continue
            key = fold(line)
            if key in seen:
                counts["duplicate"] += 1
                continue
            seen.add(key)
            group, licence = source_group_and_licence(source)
            pool.append({"sentence": line, "spoken": line, "source": source, "group": group,
                         "licence": licence, "voice": speaker_for(line)})
    counts["candidates"] = len(pool)
    return pool, counts


def read_normalization_lines(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        if header != ["written", "spoken"]:
            raise SystemExit("%s:1: header must be 'written<TAB>spoken', got %r" % (path, header))
        for n, raw in enumerate(f, 2):
            raw = raw.rstrip("\n")
            if not raw:
                continue
            cols = raw.split("\t")
            if len(cols) != 2:
                raise SystemExit("%s:%d: expected 2 tab-separated columns, got %d" % (path, n, len(cols)))
            written, spoken = (unicodedata.normalize("NFC", c.strip()) for c in cols)
            if not SPOKEN_OK.match(spoken):
                raise SystemExit("%s:%d: spoken form must be Ethiopic words only: %r" % (path, n, spoken))
            rows.append({"sentence": written, "spoken": spoken, "source": NORMALIZATION_SOURCE,
                         "group": "normalization", "licence": NORMALIZATION_LICENCE,
                         "voice": speaker_for(written)})
    return rows


def measure(items, workdir, jobs, label):
    def one(i_item):
        i, item = i_item
        path = os.path.join(workdir, "m%06d.wav" % i)
        try:
            return render(item["voice"], item["spoken"], path)
        finally:
            if os.path.exists(path):
                os.remove(path)
    with concurrent.futures.ThreadPoolExecutor(jobs) as ex:
        for k, d in enumerate(ex.map(one, enumerate(items)), 1):
            items[k - 1]["seconds"] = d
            if k % 1000 == 0 or k == len(items):
                print("  %s: rendered %d/%d" % (label, k, len(items)), file=sys.stderr)


def select(pool, count, seed):
    rng = random.Random(seed)
    order = sorted(pool, key=lambda it: it["sentence"])
    rng.shuffle(order)
    fit = [it for it in order if MIN_SEC <= it["seconds"] <= MAX_SEC]
    words = collections.Counter()
    groups = collections.Counter()
    chosen, taken = [], set()

    def room(it):
        cap = int(GROUP_SHARE.get(it["group"], DEFAULT_SHARE) * count)
        return groups[it["group"]] < cap and all(words[w] < WORD_CAP for w in it["sentence"].split())

    def take(it):
        chosen.append(it)
        taken.add(it["sentence"])
        words.update(it["sentence"].split())
        groups[it["group"]] += 1

    # 1. coverage: one line per Ethiopic letter of the pool, rarest letter first
    letter_freq = collections.Counter(ch for it in fit for ch in set(it["sentence"]) if ch != " ")
    covered = set()
    for letter, _ in sorted(letter_freq.items(), key=lambda kv: (kv[1], kv[0])):
        if letter in covered:
            continue
        for it in fit:
            if letter in it["sentence"] and it["sentence"] not in taken and room(it):
                take(it)
                covered.update(it["sentence"])
                break
    # 2. fill in shuffled order
    for it in fit:
        if len(chosen) >= count:
            break
        if it["sentence"] not in taken and room(it):
            take(it)
    missing = set(letter_freq) - set(ch for it in chosen for ch in it["sentence"])
    return chosen, len(fit), missing


# ---- output ----
COLUMNS = ["client_id", "path", "sentence", "spoken", "gender", "locale", "duration_ms", "source",
           "licence"]


def write_corpus(items, out_dir, jobs, keep_existing):
    clips = os.path.join(out_dir, "clips")
    os.makedirs(clips, exist_ok=True)
    for it in items:
        it["id"] = clip_id(it["voice"], it["spoken"], it["sentence"])
        it["path"] = it["id"] + ".opus"
    ids = [it["id"] for it in items]
    if len(set(ids)) != len(ids):
        raise SystemExit("clip id collision: two lines with the same voice and text")
    work = tempfile.mkdtemp(prefix="fidel-corpus-")
    try:
        def one(it):
            dst = os.path.join(clips, it["path"])
            if keep_existing and os.path.exists(dst):
                return
            wav = os.path.join(work, it["id"] + ".wav")
            render(it["voice"], it["spoken"], wav)
            encode(wav, dst, it["id"])
            os.remove(wav)
        with concurrent.futures.ThreadPoolExecutor(jobs) as ex:
            for k, _ in enumerate(ex.map(one, items), 1):
                if k % 500 == 0 or k == len(items):
                    print("  encoded %d/%d" % (k, len(items)), file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    wanted = set(it["path"] for it in items)
    stale = [f for f in os.listdir(clips) if f.endswith(".opus") and f not in wanted]
    for f in stale:
        os.remove(os.path.join(clips, f))
    tsv = os.path.join(out_dir, "validated.tsv")
    with open(tsv + ".part", "w", encoding="utf-8", newline="\n") as f:
        f.write("\t".join(COLUMNS) + "\n")
        for it in sorted(items, key=lambda x: x["path"]):
            row = [it["voice"], it["path"], it["sentence"], it["spoken"], GENDER[it["voice"]], "am",
                   str(round(it["seconds"] * 1000)), it["source"], it["licence"]]
            if any(c in v for v in row for c in "\t\n\""):
                raise SystemExit("tab, newline or quote in a field: %r" % row)
            f.write("\t".join(row) + "\n")
    os.replace(tsv + ".part", tsv)
    return len(stale)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--text", required=True, help="source<TAB>text file (the shared am_corpus.tsv)")
    ap.add_argument("--out", default=DEFAULT_OUT, help="corpus directory (default: %(default)s)")
    ap.add_argument("--count", type=int, default=TARGET, help="corpus lines to select (default %(default)s)")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--dry-run", action="store_true", help="select and print statistics, write nothing")
    ap.add_argument("--keep-existing", action="store_true", help="do not re-encode clips that exist")
    a = ap.parse_args()
    for tool in ("espeak-ng", "opusenc"):
        if shutil.which(tool) is None:
            raise SystemExit("%s not found on PATH (Debian: apt-get install espeak-ng opus-tools)" % tool)
    espeak_v, opus_v = tool_versions()
    with open(a.text, "rb") as f:
        text_sha = hashlib.sha256(f.read()).hexdigest()
    print("text %s sha256 %s\n%s\n%s" % (a.text, text_sha, espeak_v, opus_v), file=sys.stderr)

    pool, counts = read_pool(a.text)
    norm = read_normalization_lines(NORMALIZATION_LINES)
    clash = set(it["sentence"] for it in norm) & set(it["sentence"] for it in pool)
    pool = [it for it in pool if it["sentence"] not in clash]
    work = tempfile.mkdtemp(prefix="fidel-measure-")
    try:
        measure(pool, work, a.jobs, "corpus candidates")
        measure(norm, work, a.jobs, "normalization lines")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    chosen, fit, missing = select(pool, a.count, a.seed)
    items = chosen + norm

    secs = sum(it["seconds"] for it in items)
    words = collections.Counter(w for it in chosen for w in it["sentence"].split())
    print("lines read %d, candidates %d (folded duplicates %d), in %.1f-%.1f s: %d"
          % (counts["lines"], counts["candidates"], counts["duplicate"], MIN_SEC, MAX_SEC, fit))
    print("selected %d + %d normalization lines = %d utterances, %.1f minutes, mean %.2f s"
          % (len(chosen), len(norm), len(items), secs / 60, secs / len(items)))
    print("speakers %s" % dict(collections.Counter(it["voice"] for it in items)))
    print("groups %s" % dict(collections.Counter(it["group"] for it in items).most_common()))
    print("licences %s" % dict(collections.Counter(it["licence"] for it in items).most_common()))
    print("distinct words %d, most frequent %s" % (len(words), words.most_common(5)))
    print("letters of the pool missing from the selection: %s" % ("".join(sorted(missing)) or "none"))
    long_norm = [it["sentence"] for it in norm if it["seconds"] > 8]
    if long_norm:
        print("normalization lines over 8 s: %s" % long_norm)
    if a.dry_run:
        return
    stale = write_corpus(items, a.out, a.jobs, a.keep_existing)
    clips = os.path.join(a.out, "clips")
    size = sum(os.path.getsize(os.path.join(clips, f)) for f in os.listdir(clips))
    print("wrote %s: %d clips, %.2f MB (%d bytes), %d stale clips removed"
          % (a.out, len(items), size / 1e6, size, stale))


if __name__ == "__main__":
    main()
