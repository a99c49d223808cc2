"""Runs small asyncio programs under real CPython asyncio and prints what they observably did.

The differential test (asyncioOracle.test.ts) drives the same programs through the executor models
and compares. Input on stdin: a JSON array of programs; output on stdout: a JSON array of outcomes,
one per program, in order. Programs synchronise with threading.Event where thread timing would
otherwise decide the outcome, so every outcome printed here is one asyncio guarantees.

Program kinds:
  {"kind": "to_thread", "steps": n, "raises": bool,
   "cancel": "none" | "before-start" | "while-running" | "from-worker-at-end"}
      a task awaits asyncio.to_thread(worker); the worker appends w0..w{n-1} to a shared list and
      optionally raises; the awaiter appends "cleanup" when cancelled.
        before-start        main cancels the task right after create_task (its body never runs)
        while-running       worker signals `started` and blocks on `gate`; main waits for
                            `started`, cancels the task, waits for it, then opens the gate
        from-worker-at-end  the worker's last act is loop.call_soon_threadsafe(task.cancel)
  {"kind": "rct", "awaits": n, "raises": bool, "mode": "wait" | "nowait" | "cancel"}
      a task awaits asyncio.to_thread(worker); the worker calls run_coroutine_threadsafe(coro);
      coro appends c0, then n times: await asyncio.sleep(0); append c{i+1}; optionally raises.
        wait    the worker blocks on future.result()
        nowait  the worker returns at once
        cancel  coro instead blocks on an asyncio.Event nobody sets; the worker calls
                future.cancel() and then future.result()
"""
import asyncio
import concurrent.futures
import gc
import json
import sys
import threading


async def run_to_thread(p):
    loop = asyncio.get_running_loop()
    logged = []
    loop.set_exception_handler(lambda _loop, ctx: logged.append(ctx.get("message")))
    lst = []
    out = {"awaiter": "not-started"}
    started, gate = threading.Event(), threading.Event()
    task = None

    def worker():
        if p["cancel"] == "while-running":
            started.set()
            gate.wait()
        for i in range(p["steps"]):
            lst.append(f"w{i}")
        if p["cancel"] == "from-worker-at-end":
            loop.call_soon_threadsafe(task.cancel)
        if p["raises"]:
            raise ValueError("worker")
        return "wv"

    async def awaiter():
        out["awaiter"] = "started"
        try:
            v = await asyncio.to_thread(worker)
            out["awaiter"] = f"value:{v}"
        except asyncio.CancelledError:
            out["awaiter"] = "cancelled"
            lst.append("cleanup")
        except ValueError as e:
            out["awaiter"] = f"error:{e}"

    task = asyncio.create_task(awaiter())
    if p["cancel"] == "before-start":
        task.cancel()
    if p["cancel"] == "while-running":
        await asyncio.to_thread(started.wait)
        task.cancel()
        await asyncio.wait([task])
        gate.set()
    await asyncio.wait([task])
    await loop.shutdown_default_executor()
    gc.collect()
    return {"awaiter": out["awaiter"], "list": lst, "logged": logged}


async def run_rct(p):
    loop = asyncio.get_running_loop()
    logged = []
    loop.set_exception_handler(lambda _loop, ctx: logged.append(ctx.get("message")))
    lst = []
    out = {}
    never = asyncio.Event()

    async def coro():
        lst.append("c0")
        if p["mode"] == "cancel":
            try:
                await never.wait()
            except asyncio.CancelledError:
                lst.append("coro-cancelled")
                raise
        for i in range(p["awaits"]):
            await asyncio.sleep(0)
            lst.append(f"c{i + 1}")
        if p["raises"]:
            raise ValueError("coro")
        return "cv"

    def worker():
        f = asyncio.run_coroutine_threadsafe(coro(), loop)
        if p["mode"] == "wait":
            try:
                lst.append(f"got:{f.result()}")
            except ValueError as e:
                lst.append(f"got-error:{e}")
        if p["mode"] == "cancel":
            out["cancel"] = f.cancel()
            try:
                f.result()
            except concurrent.futures.CancelledError:  # not asyncio's: the model has one CancelledError
                out["result"] = "cancelled"
        return "wv"

    async def awaiter():
        v = await asyncio.to_thread(worker)
        out["awaiter"] = f"value:{v}"
        out["seenAtResume"] = list(lst)

    task = asyncio.create_task(awaiter())
    await asyncio.wait([task])
    for _ in range(10):  # let the scheduled coroutine finish (nowait); no thread is involved any more
        await asyncio.sleep(0)
    await loop.shutdown_default_executor()
    gc.collect()
    if p["mode"] == "cancel":  # when the cancel lands relative to the awaiter's resume is thread timing
        del out["seenAtResume"]
        lst = sorted(lst)
    return {**out, "list": lst, "logged": logged}


def main():
    programs = json.load(sys.stdin)
    results = []
    for p in programs:
        run = run_to_thread if p["kind"] == "to_thread" else run_rct
        results.append(asyncio.run(run(p)))
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
