#!/usr/bin/env python3
"""The matrix products of GemmBench (one nano training step's shapes) in Debian's torch, thread CPU time per product.

Usage: scripts/twin/gemm_twin.py [REPEATS]   (threads: FIDEL_THREADS, default 2)
"""
import os
import sys
import time

import torch

SHAPES = [((1792, 256), (256, 768)), ((1792, 768), (768, 256)), ((768, 1792), (1792, 256)),
          ((1792, 256), (256, 1024)), ((1792, 1024), (1024, 256)), ((1024, 1792), (1792, 256)),
          ((1232, 256), (256, 258)), ((258, 1232), (1232, 256)),
          ((64, 112, 64), (64, 64, 112)), ((64, 112, 112), (64, 112, 64))]

repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 40
torch.set_num_threads(int(os.environ.get("FIDEL_THREADS", "2")))
total = 0.0
for left, right in SHAPES:
    a, b = torch.randn(left), torch.randn(right)
    for _ in range(5):
        a @ b
    start = time.thread_time()
    for _ in range(repeats):
        a @ b
    millis = (time.thread_time() - start) / repeats * 1000
    total += millis
    print(f"{list(left)} x {list(right)}: {millis:.3f} ms")
print(f"all: {total:.3f} ms (thread CPU)")
