#!/usr/bin/python3
"""scipy.sparse.linalg.spsolve on the crossbar nodal system (the peer of IMCSim's IR-drop solver).

usage: /usr/bin/python3 scipy_crossbar.py N GMIN GMAX RW RS OUT_PREFIX
Builds an N x N crossbar (topology of the IMCSim validation netlist: source resistance RS at column 0
of each row, RW ohm per wire segment on rows and columns, column ends at virtual ground), cells
uniform in [GMIN, GMAX] siemens and row voltages uniform in [0, 0.3] V from numpy's default_rng(1),
solves it with spsolve (SuperLU) and writes OUT_PREFIX.g, .v, .i (raw float64) for IMCSim to solve
the same circuit. Prints one JSON line: {"seconds": assembly + solve, "peak_mb": ...}.
"""
import json
import resource
import sys
import time

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

n = int(sys.argv[1]); gmin, gmax, rw, rs = map(float, sys.argv[2:6]); prefix = sys.argv[6]
rng = np.random.default_rng(1)
G = gmin + (gmax - gmin) * rng.random((n, n))
V = 0.3 * rng.random(n)

t0 = time.perf_counter()
m = n
R = lambda i, j: i * m + j            # row-wire nodes
C = lambda i, j: n * m + i * m + j    # column-wire nodes
rows, cols, vals = [], [], []
b = np.zeros(2 * n * m)
def add(a, c, g):
    rows.extend([a, c, a, c]); cols.extend([a, c, c, a]); vals.extend([g, g, -g, -g])
def ground(a, g):
    rows.append(a); cols.append(a); vals.append(g)
gw = 1.0 / rw
I_, J_ = np.meshgrid(np.arange(n), np.arange(m), indexing="ij")
# cells
r_idx = (I_ * m + J_).ravel(); c_idx = (n * m + I_ * m + J_).ravel(); g = G.ravel()
rows += list(np.concatenate([r_idx, c_idx, r_idx, c_idx])); cols += list(np.concatenate([r_idx, c_idx, c_idx, r_idx])); vals += list(np.concatenate([g, g, -g, -g]))
for i in range(n):
    for j in range(m - 1):
        add(R(i, j), R(i, j + 1), gw)
    ground(R(i, 0), 1.0 / rs); b[R(i, 0)] += V[i] / rs
for j in range(m):
    for i in range(n - 1):
        add(C(i, j), C(i + 1, j), gw)
    ground(C(n - 1, j), 1.0 / rw)  # last node ties to ground through one more segment-sized link
K = sp.csc_matrix((vals, (rows, cols)), shape=(2 * n * m, 2 * n * m))
x = spla.spsolve(K, b)
I = x[[C(n - 1, j) for j in range(m)]] / rw
seconds = time.perf_counter() - t0
G.tofile(prefix + ".g"); V.tofile(prefix + ".v"); I.tofile(prefix + ".i")
print(json.dumps({"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
