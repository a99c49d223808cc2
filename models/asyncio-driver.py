"""Runs command programs against real asyncio primitives, for models/asyncio.differential.test.ts.

Reads a JSON list of programs on stdin: {kind, param, commands: [{op, arg}]}. Command k starts a new
task at "tick" k; the driver then lets the loop settle (many zero-sleeps) before the next tick. Each
task's completion is recorded as [tick, op, result], in the order the loop completed them (no threads:
CPython runs each program the same way every time, and so must the asyncio models). Prints a JSON
list of those lists.
"""
import asyncio
import json
import sys

SETTLE = 40


async def run(program):
    kind, param = program["kind"], program["param"]
    lock = asyncio.Lock()
    if kind == "semaphore":
        obj = asyncio.Semaphore(param)
    elif kind == "event":
        obj = asyncio.Event()
    elif kind == "queue":
        obj = asyncio.Queue(maxsize=param)
    elif kind == "barrier":
        obj = asyncio.Barrier(param)
    elif kind == "condition":
        obj = asyncio.Condition(lock)
    else:
        raise ValueError(kind)

    async def op(name, arg):
        if kind == "semaphore":
            if name == "acquire":
                return await obj.acquire()
            obj.release()
            return None
        if kind == "event":
            if name == "wait":
                return await obj.wait()
            if name == "set":
                obj.set()
                return None
            if name == "clear":
                obj.clear()
                return None
            return obj.is_set()
        if kind == "queue":
            if name == "put":
                await obj.put(arg)
                return None
            return await obj.get()
        if kind == "barrier":
            if name == "wait":
                try:
                    return await obj.wait()
                except asyncio.BrokenBarrierError:
                    return "broken"
            if name == "abort":
                await obj.abort()
                return None
            await obj.reset()
            return None
        if kind == "condition":
            async with lock:
                if name == "wait":
                    return await obj.wait()
                if name == "notify":
                    obj.notify()
                    return None
                obj.notify_all()
                return None

    done = []
    tick = 0
    tasks = []
    for cmd in program["commands"]:
        t = asyncio.ensure_future(op(cmd["op"], cmd.get("arg")))

        def record(t, name=cmd["op"]):
            if not t.cancelled():
                done.append([tick, name, t.result()])

        t.add_done_callback(record)
        tasks.append(t)
        for _ in range(SETTLE):
            await asyncio.sleep(0)
        tick += 1
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return done


def main():
    programs = json.load(sys.stdin)
    out = [asyncio.run(run(p)) for p in programs]
    json.dump(out, sys.stdout)


main()
