"""ProcLab's kit for Python scenario programs (standard library only).

A program puts this folder on its path and imports what it needs:

    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_kit"))
    from proclab import params, emit, mark, metric, progress, result

`params()` reads the parameters declared in the `manifest.json` beside the running program
(type, default, bounds), so each parameter is declared once; `--help` prints them. The other
functions write the scenario protocol, one JSON object per line on stdout (see ARCHITECTURE.md).
"""
import argparse
import json
import os
import sys
import threading
import time

_lock = threading.Lock()


def emit(ev, **fields):
    """One protocol line in ONE write, flushed at once: the monitor reads it live, and
    processes or threads sharing the pipe never interleave half lines."""
    line = json.dumps(dict(ev=ev, **fields)) + "\n"
    with _lock:
        sys.stdout.write(line)
        sys.stdout.flush()


def mark(label, **fields):
    """A point on the run's timeline, tagged with the calling process and kernel thread (a
    mark about another process, `pid=child.pid`, gets no thread id of ours)."""
    fields.setdefault("pid", os.getpid())
    if fields["pid"] == os.getpid():
        fields.setdefault("tid", threading.get_native_id())
    fields.setdefault("at", round(time.time() * 1000, 1))  # when, by our clock: the line may be read late
    emit("mark", label=label, **fields)


def metric(name, value):
    emit("metric", name=name, value=value)


def progress(done, total):
    emit("progress", done=done, total=total)


def result(**fields):
    """Figures for the lesson; their names and types are the lesson's `result` schema."""
    emit("result", **fields)


def daemon(pid):
    """Declares a child as a daemon (the flag is invisible from outside the program)."""
    emit("daemon", pid=pid)


def _program():
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None) or sys.argv[0]
    return os.path.abspath(path)


def manifest():
    """The manifest.json beside the running program."""
    path = os.path.join(os.path.dirname(_program()), "manifest.json")
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def _bool(text):
    if text in ("true", "1"):
        return True
    if text in ("false", "0"):
        return False
    raise argparse.ArgumentTypeError("must be true or false")


def _bounded(kind, lo, hi):
    def parse(text):
        try:
            v = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError("must be a %s" % ("whole number" if kind is int else "number"))
        if not lo <= v <= hi:
            raise argparse.ArgumentTypeError("must be between %s and %s" % (lo, hi))
        return v

    return parse


def params(extra=None):
    """Parses `--name value` by the manifest's declared parameters for Python. `extra` maps
    option names to (type, default, help) for options a program uses but the manifest does
    not offer (e.g. how a program starts its own children)."""
    m = manifest()
    ap = argparse.ArgumentParser(
        prog=os.path.basename(_program()),
        description="%s\n\n%s" % (m["title"]["en"], m["explanation"]["en"]),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    seen = set()
    for p in m["params"]:
        if p.get("runtimes") and "python" not in p["runtimes"] or p["name"] in seen:
            continue
        seen.add(p["name"])
        words = p["label"]["en"] + (": " + p["help"]["en"] if p.get("help") else "")
        t = p["type"]
        if t == "int" or t == "number":
            kind = int if t == "int" else float
            words += " (%s to %s, default %s)" % (p["min"], p["max"], p["default"])
            ap.add_argument("--" + p["name"], type=_bounded(kind, p["min"], p["max"]), default=p["default"], help=words)
        elif t == "enum":
            ap.add_argument("--" + p["name"], choices=p["values"], default=p["default"], metavar=" | ".join(p["values"]),
                            help=words + " (default %s)" % p["default"])
        else:
            ap.add_argument("--" + p["name"], type=_bool, default=p["default"], metavar="true|false",
                            help=words + " (default %s)" % str(p["default"]).lower())
    for name, (kind, default, words) in (extra or {}).items():
        ap.add_argument("--" + name, type=kind, default=default, help=words)
    return ap.parse_args()
