#!/usr/bin/env python3
"""Check committed clips against a fresh espeak-ng render (standard library only; needs espeak-ng, ffmpeg).

    python3 sample-project/recipe/check_clips.py [--sample 12] [--seed 1] [--source fidel:]

For a seeded sample of rows of corpus/validated.tsv: decode clips/<id>.opus with ffmpeg to 22,050 Hz
mono 16-bit WAV, render the row's `spoken` text with espeak-ng and its voice (`client_id`), then print
per clip: both durations and their difference; the waveform correlation at the best lag (|lag| <= 5 ms);
and the spectral similarity of the two log-mel spectrograms (n_fft 1024, hop 256, 80 mel bands,
22,050 Hz, floored at 80 dB below the direct render's peak: Pearson correlation over all cells, and
mean absolute difference in dB). Exits 1 when a clip
fails the limits below.

With --durations: decode every clip instead and compare its length with the row's `duration_ms`.
"""
import argparse
import array
import cmath
import concurrent.futures
import csv
import math
import os
import random
import subprocess
import sys
import tempfile
import wave

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(os.path.dirname(HERE), "corpus")
SR, N_FFT, HOP, N_MELS = 22050, 1024, 256, 80
MAX_DURATION_DIFF_MS = 30.0
MIN_MEL_CORR = 0.95
TOP_DB = 80.0


def read_wav(path):
    with wave.open(path, "rb") as w:
        if w.getframerate() != SR or w.getnchannels() != 1 or w.getsampwidth() != 2:
            raise SystemExit("%s: expected 22,050 Hz mono 16-bit" % path)
        a = array.array("h", w.readframes(w.getnframes()))
    if sys.byteorder == "big":
        a.byteswap()
    return [x / 32768.0 for x in a]


def fft(x):
    n = len(x)
    if n == 1:
        return [x[0]]
    even, odd = fft(x[0::2]), fft(x[1::2])
    out = [0j] * n
    for k in range(n // 2):
        t = cmath.exp(-2j * math.pi * k / n) * odd[k]
        out[k], out[k + n // 2] = even[k] + t, even[k] - t
    return out


def mel_filters():
    def hz_to_mel(f):
        return 2595.0 * math.log10(1.0 + f / 700.0)

    def mel_to_hz(m):
        return 700.0 * (10 ** (m / 2595.0) - 1.0)
    top = hz_to_mel(SR / 2)
    pts = [mel_to_hz(top * i / (N_MELS + 1)) for i in range(N_MELS + 2)]
    bins = [f * N_FFT / SR for f in pts]
    filters = []
    for m in range(1, N_MELS + 1):
        lo, mid, hi = bins[m - 1], bins[m], bins[m + 1]
        row = {}
        for k in range(int(math.floor(lo)), int(math.ceil(hi)) + 1):
            if lo < k < hi:
                row[k] = (k - lo) / (mid - lo) if k <= mid else (hi - k) / (hi - mid)
        filters.append(row)
    return filters


WINDOW = [0.5 - 0.5 * math.cos(2 * math.pi * i / N_FFT) for i in range(N_FFT)]
FILTERS = mel_filters()


def log_mel(x):
    frames = []
    for start in range(0, max(1, len(x) - N_FFT + 1), HOP):
        seg = x[start:start + N_FFT]
        seg = seg + [0.0] * (N_FFT - len(seg))
        spec = fft([complex(s * w) for s, w in zip(seg, WINDOW)])
        power = [abs(c) ** 2 for c in spec[:N_FFT // 2 + 1]]
        frames.append([10 * math.log10(max(sum(power[k] * v for k, v in f.items()), 1e-10)) for f in FILTERS])
    return frames


def pearson(a, b):
    n = len(a)
    ma, mb = sum(a) / n, sum(b) / n
    cov = sum((x - ma) * (y - mb) for x, y in zip(a, b))
    va = sum((x - ma) ** 2 for x in a)
    vb = sum((y - mb) ** 2 for y in b)
    return cov / math.sqrt(va * vb) if va > 0 and vb > 0 else 0.0


def best_lag_corr(a, b, max_lag):
    n = min(len(a), len(b))
    best = (-2.0, 0)
    for lag in range(-max_lag, max_lag + 1):
        if lag >= 0:
            x, y = a[lag:n], b[:n - lag]
        else:
            x, y = a[:n + lag], b[-lag:n]
        best = max(best, (pearson(x, y), lag))
    return best


def check_durations(corpus, rows):
    def one(row):
        out = subprocess.run(["ffmpeg", "-v", "error", "-i", os.path.join(corpus, "clips", row["path"]),
                              "-ar", str(SR), "-ac", "1", "-f", "s16le", "-"], capture_output=True)
        if out.returncode or out.stderr:
            return row["path"], None
        return row["path"], len(out.stdout) / 2 / SR * 1000 - int(row["duration_ms"])
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 1) as ex:
        results = list(ex.map(one, rows))
    bad = [p for p, d in results if d is None or abs(d) > MAX_DURATION_DIFF_MS]
    diffs = [abs(d) for _, d in results if d is not None]
    print("decoded %d of %d clips; max |decoded length - duration_ms| = %.2f ms; failing: %s"
          % (len(diffs), len(rows), max(diffs, default=0.0), " ".join(bad) or "none"))
    return 1 if bad else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=CORPUS)
    ap.add_argument("--sample", type=int, default=12)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--source", default="", help="only rows whose source starts with this (e.g. fidel:)")
    ap.add_argument("--durations", action="store_true", help="decode all clips, compare with duration_ms")
    a = ap.parse_args()
    with open(os.path.join(a.corpus, "validated.tsv"), encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    rows = [r for r in rows if r["source"].startswith(a.source)]
    if a.durations:
        sys.exit(check_durations(a.corpus, rows))
    sample = random.Random(a.seed).sample(rows, min(a.sample, len(rows)))
    failed = 0
    print("clip\tvoice\topus_ms\tdirect_ms\tdiff_ms\twave_corr\tlag\tmel_corr\tmel_mad_db")
    with tempfile.TemporaryDirectory() as tmp:
        for row in sample:
            dec, ref = os.path.join(tmp, "dec.wav"), os.path.join(tmp, "ref.wav")
            subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", os.path.join(a.corpus, "clips", row["path"]),
                            "-ar", str(SR), "-ac", "1", "-c:a", "pcm_s16le", dec], check=True)
            subprocess.run(["espeak-ng", "-v", row["client_id"], "-w", ref, row["spoken"]], check=True)
            x, y = read_wav(dec), read_wav(ref)
            diff_ms = (len(x) - len(y)) * 1000.0 / SR
            corr, lag = best_lag_corr(x, y, SR // 200)
            mx, my = log_mel(x), log_mel(y)
            n = min(len(mx), len(my))
            floor = max(v for fr in my for v in fr) - TOP_DB   # digital silence -> floor, not -100 dB
            fx = [max(v, floor) for fr in mx[:n] for v in fr]
            fy = [max(v, floor) for fr in my[:n] for v in fr]
            mel_corr = pearson(fx, fy)
            mad = sum(abs(p - q) for p, q in zip(fx, fy)) / len(fx)
            ok = abs(diff_ms) <= MAX_DURATION_DIFF_MS and mel_corr >= MIN_MEL_CORR
            failed += not ok
            print("%s\t%s\t%.1f\t%.1f\t%+.1f\t%.3f\t%+d\t%.4f\t%.2f%s" % (
                row["path"], row["client_id"], len(x) * 1000.0 / SR, len(y) * 1000.0 / SR, diff_ms,
                corr, lag, mel_corr, mad, "" if ok else "\tFAIL"), flush=True)
    print("%d of %d clips within limits (|duration diff| <= %.0f ms, log-mel correlation >= %.2f)"
          % (len(sample) - failed, len(sample), MAX_DURATION_DIFF_MS, MIN_MEL_CORR))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
