#!/usr/bin/python3
"""OpenBLAS sgemm through numpy (Debian python3-numpy + libopenblas0-pthread): the GEMM speed bar.

usage: /usr/bin/python3 openblas_sgemm.py M N K REPS
Prints one JSON line: {"gflops": best of 5 timed passes of REPS products, "kernel": OpenBLAS core}.
C[M,N] = A[M,K] B[K,N] in float32, after 3 warm-up products.
"""
import json
import sys
import time

import numpy as np


def core():
    try:
        from threadpoolctl import threadpool_info
        return ";".join(f"{i.get('internal_api')}:{i.get('architecture')}:{i.get('num_threads')}" for i in threadpool_info())
    except ImportError:
        return "unknown (threadpoolctl not installed)"


m, n, k, reps = (int(x) for x in sys.argv[1:5])
rng = np.random.default_rng(1)
a = rng.random((m, k), dtype=np.float32)
b = rng.random((k, n), dtype=np.float32)
for _ in range(3):
    a @ b
best = float("inf")
for _ in range(5):
    t = time.perf_counter()
    for _ in range(reps):
        a @ b
    best = min(best, (time.perf_counter() - t) / reps)
print(json.dumps({"gflops": 2.0 * m * n * k / best / 1e9, "kernel": core()}))
