"""How the static check of `pattern` regular expressions holds against random patterns.

Usage:  python bench/regex_safety.py [N] [--seed S] [--timeout T]
        (default N: 3000 patterns; S: 1; T: 1.0 s)

Random patterns are built from atoms (a, b, \\d, \\w, ., [ab], x, \\s, space, -, [^x]),
quantifiers, groups and alternations, sometimes anchored. Each one the check accepts is run
(re.search) on adversarial texts: runs of one or two characters with a failing end, of
20,000 characters for a linear pattern and of MAX_PATTERN_TEXT (1,000) for a quadratic one,
the most a quadratic pattern ever sees. A run over the timeout is a miss: the check let a
slow pattern through. Prints the count accepted by degree, the slowest run of each degree and
every miss; exits 1 on a miss.
"""

from __future__ import annotations

import argparse
import random
import re
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from srm_check.rules.functions.pattern import MAX_PATTERN_TEXT
from srm_check.rules.functions.regex_safety import judge

ATOMS = ["a", "b", r"\d", r"\w", ".", "[ab]", "x", r"\s", " ", "-", "[^x]"]
QUANTIFIERS = ["*", "+", "?", "{1,3}", "", "", ""]


def pattern(rnd: random.Random, depth: int = 0) -> str:
    parts = []
    for _ in range(rnd.randint(1, 4)):
        if rnd.random() < 0.2 and depth < 3:
            inner = pattern(rnd, depth + 1)
            if rnd.random() < 0.4:
                inner += "|" + pattern(rnd, depth + 1)
            parts.append(f"(?:{inner}){rnd.choice(QUANTIFIERS)}")
        else:
            parts.append(rnd.choice(ATOMS) + rnd.choice(QUANTIFIERS))
    return "".join(parts)


def texts(length: int) -> list[str]:
    return [
        "a" * length + "!",
        "ab" * (length // 2) + "!",
        "1" * length + "!",
        "a " * (length // 2) + "!",
        "x" * length,
        " " * length + "!",
        "a-" * (length // 2) + "!",
    ]


class TimedOut(Exception):
    pass


def _alarm(_signum: int, _frame: object) -> None:
    raise TimedOut


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("count", nargs="?", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=1.0)
    args = parser.parse_args()
    rnd = random.Random(args.seed)
    signal.signal(signal.SIGALRM, _alarm)  # `re` checks for signals while it matches
    accepted = {0: 0, 1: 0}
    slowest = {0: (0.0, ""), 1: (0.0, "")}
    refused = misses = 0
    for _ in range(args.count):
        regex = ("^" if rnd.random() < 0.3 else "") + pattern(rnd) + ("$" if rnd.random() < 0.4 else "")
        try:
            re.compile(regex)
        except re.error:
            continue
        verdict = judge(regex)
        if verdict.refused is not None:
            refused += 1
            continue
        accepted[verdict.degree] += 1
        for text in texts(MAX_PATTERN_TEXT if verdict.degree else 20_000):
            signal.setitimer(signal.ITIMER_REAL, args.timeout)
            start = time.perf_counter()
            try:
                re.search(regex, text)
            except TimedOut:
                print(f"MISS {regex!r} (degree {verdict.degree}) on {text[:8]!r}...")
                misses += 1
                break
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            took = time.perf_counter() - start
            if took > slowest[verdict.degree][0]:
                slowest[verdict.degree] = (took, regex)
    print(f"refused {refused}; accepted linear {accepted[0]}, quadratic {accepted[1]}")
    for degree, (took, regex) in slowest.items():
        print(f"slowest {'linear' if degree == 0 else 'quadratic'}: {took:.3f} s  {regex!r}")
    print(f"misses (over {args.timeout:g} s): {misses}")
    sys.exit(1 if misses else 0)


if __name__ == "__main__":
    main()
