"""Runs small asyncio programs under real CPython, many times each, and counts their outcomes.

The differential tests (models/executors/programs/harness.fixture.ts) write each program twice: in
Python, run here, and against the models. Input on stdin: a JSON list of {name, code, runs}; `code`
defines `async def main()` returning a JSON-able outcome. Each run is a fresh `asyncio.run(main())`;
the GIL switch interval cycles through small values so threads preempt each other (and the loop) at
many different points. Output on stdout: {name: {outcome (canonical JSON): runs that produced it}}.
Anything the loop logs (a callback that raised, a task exception never retrieved) is part of the
outcome, under "logged".
"""
import asyncio
import collections
import concurrent.futures
import gc
import json
import sys
import threading
import time

INTERVALS = [1e-6, 1e-5, 1e-4, 5e-3]


def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def run_program(code, runs):
    namespace = {"asyncio": asyncio, "threading": threading, "time": time, "concurrent": concurrent}
    exec(compile(code, "<program>", "exec"), namespace)
    main = namespace["main"]
    counts = collections.Counter()
    logs = []
    for i in range(runs):
        logged = []
        logs.append(logged)

        async def wrapper():
            asyncio.get_running_loop().set_exception_handler(lambda _loop, ctx: logged.append(ctx.get("message")))
            return await main()

        sys.setswitchinterval(INTERVALS[i % len(INTERVALS)])
        outcome = asyncio.run(wrapper())
        if logged:
            outcome = {"outcome": outcome, "logged": sorted(logged)}
        counts[canonical(outcome)] += 1
    sys.setswitchinterval(0.005)
    # Objects in reference cycles log "exception was never retrieved" only when collected: once, here.
    seen = [len(logged) for logged in logs]
    gc.collect()
    late = sorted({m for logged, n in zip(logs, seen) for m in logged[n:]})
    if late:
        counts[canonical({"logged-at-collection": late})] += 1
    return dict(counts)


def main():
    programs = json.load(sys.stdin)
    json.dump({p["name"]: run_program(p["code"], p["runs"]) for p in programs}, sys.stdout)


if __name__ == "__main__":
    main()
