#!/usr/bin/env python3
"""The real Linux kernel as an oracle for models/posix (open, close, unlink, stat, fstat, dup, flock,
fork-inherited descriptors).

Reads a JSON list of operation sequences on stdin and prints a JSON list with, per sequence, one
observable result per operation. Each sequence runs in a fresh temporary directory, in this one
process: flock locks belong to open file descriptions, so two open() calls of the same file in one
process conflict exactly as two processes would. Operations name descriptors by *slot* (the k-th
descriptor the sequence obtained) and files by name; results are 'ok', an errno name, or an inode
label ('i0', 'i1', … in order of first sight), so the model and the kernel are compared on inode
identity relations, never on numbers. Every inode is pinned by an extra read-only descriptor from
the moment it is opened, so the kernel cannot reuse a freed inode number within a sequence (ext4
does) — pins take no locks, so they change nothing observable. A slot that was closed is addressed
with a number that is never open, so its calls fail with EBADF on both sides. Blocking flock cannot
be driven from one thread, so only LOCK_NB requests and LOCK_UN are compared.

Ops: {"op":"open","f":"a","create":true,"excl":false} {"op":"close","d":0} {"op":"dup","d":0}
{"op":"unlink","f":"a"} {"op":"stat","f":"a"} {"op":"fstat","d":0}
{"op":"flock","d":0,"how":"EX_NB"|"SH_NB"|"UN"} {"op":"fork"} {"op":"reap","c":0}
"""
import errno
import fcntl
import json
import os
import shutil
import signal
import sys
import tempfile

CLOSED_FD = 4000  # + slot: a descriptor number this process never has open
HOW = {"EX_NB": fcntl.LOCK_EX | fcntl.LOCK_NB, "SH_NB": fcntl.LOCK_SH | fcntl.LOCK_NB, "UN": fcntl.LOCK_UN}


def errname(e):
    if e.errno in (errno.EAGAIN, errno.EWOULDBLOCK):
        return "EWOULDBLOCK"
    return errno.errorcode.get(e.errno, str(e.errno))


def run(ops):
    tmp = tempfile.mkdtemp(prefix="interleave-oracle-")
    slots = []  # fd number, or None once closed
    pins = []
    children = []
    labels = {}
    out = []

    def label(st):
        key = (st.st_dev, st.st_ino)
        if key not in labels:
            labels[key] = "i%d" % len(labels)
        return labels[key]

    def fd_of(op):
        if not slots:
            return None
        k = op["d"] % len(slots)
        fd = slots[k]
        return CLOSED_FD + k if fd is None else fd

    try:
        for op in ops:
            kind = op["op"]
            try:
                if kind == "open":
                    flags = os.O_RDWR | (os.O_CREAT if op.get("create") else 0) | (os.O_EXCL if op.get("excl") else 0)
                    fd = os.open(os.path.join(tmp, op["f"]), flags, 0o644)
                    pins.append(os.open("/proc/self/fd/%d" % fd, os.O_RDONLY))
                    slots.append(fd)
                    out.append("ok")
                elif kind == "dup":
                    fd = fd_of(op)
                    if fd is None:
                        out.append("skip")
                        continue
                    slots.append(os.dup(fd))
                    out.append("ok")
                elif kind == "close":
                    fd = fd_of(op)
                    if fd is None:
                        out.append("skip")
                        continue
                    os.close(fd)
                    slots[op["d"] % len(slots)] = None
                    out.append("ok")
                elif kind == "unlink":
                    os.unlink(os.path.join(tmp, op["f"]))
                    out.append("ok")
                elif kind == "stat":
                    out.append(label(os.stat(os.path.join(tmp, op["f"]))))
                elif kind == "fstat":
                    fd = fd_of(op)
                    if fd is None:
                        out.append("skip")
                        continue
                    out.append(label(os.fstat(fd)))
                elif kind == "flock":
                    fd = fd_of(op)
                    if fd is None:
                        out.append("skip")
                        continue
                    fcntl.flock(fd, HOW[op["how"]])
                    out.append("ok")
                elif kind == "fork":
                    pid = os.fork()
                    if pid == 0:
                        # The child only holds the inherited descriptors until it is killed.
                        while True:
                            signal.pause()
                    children.append(pid)
                    out.append("ok")
                elif kind == "reap":
                    if not children:
                        out.append("skip")
                        continue
                    pid = children[op["c"] % len(children)]
                    if pid is None:
                        out.append("ESRCH")
                        continue
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                    children[op["c"] % len(children)] = None
                    out.append("ok")
                else:
                    raise ValueError("unknown op %r" % kind)
            except OSError as e:
                out.append(errname(e))
    finally:
        for pid in children:
            if pid is not None:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
        for fd in slots + pins:
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def main():
    batch = json.load(sys.stdin)
    json.dump([run(ops) for ops in batch], sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
