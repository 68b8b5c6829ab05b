"""signals: a worker with handlers for SIGTERM (graceful exit), SIGHUP (reload its config),
SIGUSR1 (dump its state) and SIGINT (cancel the current item), and none for SIGKILL: the
kernel refuses a handler for it, and a SIGKILL ends the process with no chance to clean up."""
import json
import os
import shutil
import signal
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_kit"))
from proclab import mark, progress, result, params  # noqa: E402

PREFIX = "proclab-signals-"
HANDLED = ("SIGTERM", "SIGHUP", "SIGUSR1", "SIGINT")


def alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def sweep_leftovers():
    """A run ended by SIGKILL could not remove its config folder: the next run does."""
    tmp = tempfile.gettempdir()
    for name in os.listdir(tmp):
        pid = name[len(PREFIX):]
        if name.startswith(PREFIX) and pid.isdigit() and not alive(int(pid)):
            shutil.rmtree(os.path.join(tmp, name), ignore_errors=True)


def write_config(path, cfg):
    with open(path + ".new", "w", encoding="utf-8") as f:
        json.dump(cfg, f)
    os.replace(path + ".new", path)


def read_config(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def main():
    a = params()
    sweep_leftovers()
    folder = os.path.join(tempfile.gettempdir(), PREFIX + str(os.getpid()))
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "config.json")
    config = {"version": 1, "greeting": "hello", "item_ms": a.item_ms}
    write_config(path, config)

    # A handler runs in the main thread between two bytecodes, possibly in the middle of a
    # print: it only records the signal, and the main loop acts on it (printing from the
    # handler could deadlock on the output lock the interrupted code holds).
    pending = []
    signal_names = {getattr(signal, n): n for n in HANDLED}

    def on_signal(signum, _frame):
        pending.append(signal_names[signum])

    for n in HANDLED:
        signal.signal(getattr(signal, n), on_signal)
    try:
        signal.signal(signal.SIGKILL, on_signal)
        kill_refused = 0
    except OSError as e:
        kill_refused = 1
        mark("no handler for SIGKILL: the kernel refused it (%s)" % e.strerror)

    start = time.monotonic()
    mark("ready: pid %d, handlers for %s; config %s" % (os.getpid(), ", ".join(HANDLED), path))
    edited = False
    counts = {n: 0 for n in HANDLED}
    item = done = 0
    stopping = False
    total = max(1, int(a.duration_s * 1000 / config["item_ms"]))
    try:
        while not stopping and time.monotonic() - start < a.duration_s:
            item += 1
            item_end = time.monotonic() + config["item_ms"] / 1000
            cancelled = False
            # One item of work, in short slices so that pending signals are seen promptly.
            while time.monotonic() < item_end:
                time.sleep(min(0.05, max(0.0, item_end - time.monotonic())))
                if not edited and time.monotonic() - start > 0.3:
                    # Someone edits the config file while the program runs, as an admin would.
                    edited = True
                    write_config(path, dict(config, version=2, greeting="hi"))
                    mark("config.json edited on disk: version 2, greeting hi (the program has not noticed)")
                while pending:
                    name = pending.pop(0)
                    counts[name] += 1
                    if name == "SIGHUP":
                        new = read_config(path)
                        changed = ["%s %s → %s" % (k, config.get(k), v) for k, v in sorted(new.items()) if config.get(k) != v]
                        config = new
                        mark("SIGHUP handler: reloaded config.json, %s" % ("; ".join(changed) or "nothing changed"))
                    elif name == "SIGUSR1":
                        mark("SIGUSR1 handler: state: item %d running, %d done, version %s, up %.1f s"
                             % (item, done, config["version"], time.monotonic() - start))
                    elif name == "SIGINT":
                        cancelled = True
                        mark("SIGINT handler: cancelled item %d, carrying on" % item)
                    elif name == "SIGTERM" and not stopping:
                        stopping = True
                        mark("SIGTERM handler: finishing item %d, then exiting" % item)
                if cancelled:
                    break
            if not cancelled:
                done += 1
                progress(min(done, total), total)
        if stopping:
            mark("graceful exit after item %d: cleaned up, exit code 0" % item)
        else:
            mark("duration reached: %d items done" % done)
        result(items_done=done, reloads=counts["SIGHUP"], dumps=counts["SIGUSR1"], interrupts=counts["SIGINT"],
               terms=counts["SIGTERM"], graceful=1 if stopping else 0, kill_handler_refused=kill_refused,
               config_version=config["version"])
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
