"""The pygen benchmark workloads in CPython, for the side-by-side comparison.

The same generator bodies as src/bin/pygen/workloads.rs. Prints one line per
case, "<case> <nanoseconds per operation>", for `pygen compare` and
`cargo bench --bench vs_cpython`, which run this file with python3.

    python3 support/python/workloads.py [--quick]
"""

import sys
import time


def count_x(n):
    while n > 0:
        yield n
        n -= 1


def echo():
    last = 0
    while True:
        v = yield last
        if v is not None:
            last = v + 1


def catcher():
    caught = 0
    while True:
        try:
            yield caught
        except ValueError:
            caught += 1


def chain(depth, n):
    if depth == 0:
        yield from count_x(n)
    else:
        yield from chain(depth - 1, n)


def walk(lo, hi):
    if lo < hi:
        mid = (lo + hi) // 2
        yield from walk(lo, mid)
        yield mid
        yield from walk(mid + 1, hi)


def per_yield(n):
    total = 0
    for v in count_x(n):
        total += v
    return total


def send(n):
    g = echo()
    next(g)
    for i in range(n):
        g.send(i)


def throw(n):
    g = catcher()
    next(g)
    err = ValueError()
    for _ in range(n):
        g.throw(err)


def create_next_close(n):
    for i in range(n):
        g = count_x(10)
        next(g)
        g.close()


def delegation16(n):
    for _ in chain(16, n):
        pass


def tree12(n):
    # n is ignored: one walk of the depth-12 tree (4095 nodes) per call.
    for _ in walk(0, 4095):
        pass


def list_1m(n):
    return sum([x * 2 for x in range(n)])


def genexpr_1m(n):
    return sum(x * 2 for x in range(n))


# case name -> (function, operations per call of size n, n)
CASES = {
    "per_yield": (per_yield, lambda n: n, 200_000),
    "send": (send, lambda n: n, 200_000),
    "throw": (throw, lambda n: n, 100_000),
    "create_next_close": (create_next_close, lambda n: n, 50_000),
    "delegation16": (delegation16, lambda n: n, 20_000),
    "tree12": (tree12, lambda n: 4095, 1),
    "list_1m": (list_1m, lambda n: n, 1_000_000),
    "genexpr_1m": (genexpr_1m, lambda n: n, 1_000_000),
}


def median_ns_per_op(fn, ops, n, repeats):
    """The median of `repeats` timed runs, like the Rust side."""
    fn(n)  # warm-up
    samples = []
    for _ in range(repeats):
        start = time.perf_counter_ns()
        fn(n)
        samples.append((time.perf_counter_ns() - start) / ops(n))
    samples.sort()
    return samples[len(samples) // 2]


def main():
    quick = "--quick" in sys.argv
    repeats = 5 if quick else 11
    only = [a for a in sys.argv[1:] if not a.startswith("--")]
    for name, (fn, ops, n) in CASES.items():
        if only and name not in only:
            continue
        if quick and name != "tree12":
            n = max(1, n // 4)
        print(f"{name} {median_ns_per_op(fn, ops, n, repeats):.2f}", flush=True)


if __name__ == "__main__":
    main()
