"""ProcLab's bootstrap for the Python programs it starts (stdlib only; loaded by sitecustomize).

- Output arrives in whole lines, live: stdout/stderr are made line-buffered, as in a terminal
  (PYTHONUNBUFFERED writes every print() argument on its own, so threads' words interleave).
- Native thread names: each threading.Thread names its native thread (PR_SET_NAME, 15 bytes)
  after its Python name at start, so /proc/<pid>/task/<tid>/comm, top -H and ProcLab's lanes
  show "worker-0" rather than "python3".
- Stacks on request: the engine hands the root process one end of a socketpair, its fd number in
  PROCLAB_STACKS_FD. A listener thread (started with _thread, so threading.enumerate() does not
  list it) reads one request per line and answers with one JSON line. It first says hello with its
  native TID so the engine leaves it out of the thread rows it counts.

Nothing else changes: the env var is removed, the fd is not inherited by exec'd programs, and our
folder leaves sys.path once loaded.
"""

import json
import os
import sys
import threading
import _thread

ENV_FD = 'PROCLAB_STACKS_FD'
LISTENER_NAME = 'proclab-stacks'
# A reply larger than this is cut (frames per thread first): the engine reads one bounded line.
MAX_FRAMES = 200
MAX_REQUEST = 4096

_listener_ident = None


def install():
    _leave_sys_path()
    _line_buffered()
    _name_native_threads()
    _start_listener()


def _leave_sys_path():
    here = os.path.dirname(os.path.realpath(__file__))
    sys.path[:] = [p for p in sys.path if not p or os.path.realpath(p) != here]


def _line_buffered():
    for name in ('stdout', 'stderr'):
        stream = getattr(sys, name, None)
        reconfigure = getattr(stream, 'reconfigure', None)
        if reconfigure is None:
            continue
        try:
            reconfigure(line_buffering=True, write_through=False)
        except Exception:
            pass


# ---- native thread names ------------------------------------------------------------------

_prctl = None


def _set_native_name(name):
    """PR_SET_NAME for the calling thread: 15 bytes, cut on a character boundary."""
    global _prctl
    if _prctl is None:
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            _prctl = libc.prctl
        except Exception:
            _prctl = False
    if not _prctl:
        return
    raw = str(name).encode('utf-8', 'replace')[:15]
    while raw:
        try:
            raw.decode('utf-8')
            break
        except UnicodeDecodeError:
            raw = raw[:-1]
    try:
        _prctl(15, raw, 0, 0, 0)  # PR_SET_NAME
    except Exception:
        pass


def _name_native_threads():
    original = threading.Thread._bootstrap_inner

    def _bootstrap_inner(self):
        _set_native_name(self._name)
        return original(self)

    threading.Thread._bootstrap_inner = _bootstrap_inner


# ---- stacks over the engine's channel ------------------------------------------------------


def _start_listener():
    global _listener_fd
    raw = os.environ.pop(ENV_FD, None)
    if raw is None:
        return
    try:
        fd = int(raw)
        os.fstat(fd)
        os.set_inheritable(fd, False)
    except (ValueError, OSError):
        return
    # A forked child has no listener thread: it must not keep the engine's end open either.
    os.register_at_fork(after_in_child=lambda: _close_quietly(fd))
    _thread.start_new_thread(_listen, (fd,))


def _close_quietly(fd):
    try:
        os.close(fd)
    except OSError:
        pass


def _send(fd, obj):
    data = (json.dumps(obj, separators=(',', ':')) + '\n').encode('utf-8')
    while data:
        n = os.write(fd, data)
        data = data[n:]


def _listen(fd):
    global _listener_ident
    _listener_ident = _thread.get_ident()
    _set_native_name(LISTENER_NAME)
    try:
        _send(fd, {'hello': 1, 'pid': os.getpid(), 'tid': threading.get_native_id()})
        pending = b''
        while True:
            chunk = os.read(fd, MAX_REQUEST)
            if not chunk:
                return
            pending += chunk
            while b'\n' in pending:
                line, pending = pending.split(b'\n', 1)
                _answer(fd, line)
            if len(pending) > MAX_REQUEST:
                pending = b''
    except OSError:
        return


def _answer(fd, line):
    try:
        req = json.loads(line.decode('utf-8'))
        op = req.get('op') if isinstance(req, dict) else None
        rid = req.get('id') if isinstance(req, dict) else None
    except ValueError:
        op, rid = None, None
    if op == 'stacks':
        try:
            reply = {'id': rid, 'ok': True, 'pid': os.getpid(), 'threads': stacks()}
        except Exception as e:
            reply = {'id': rid, 'ok': False, 'error': repr(e)}
    else:
        reply = {'id': rid, 'ok': False, 'error': 'unknown request'}
    _send(fd, reply)


def _frames(frame):
    import linecache

    out = []
    while frame is not None and len(out) < MAX_FRAMES:
        code = frame.f_code
        lineno = frame.f_lineno
        out.append(
            {
                'file': code.co_filename,
                'line': lineno,
                'function': code.co_name,
                'source': linecache.getline(code.co_filename, lineno, frame.f_globals).strip(),
            }
        )
        frame = frame.f_back
    return out


def stacks():
    """Every thread but the listener: name, threading ident, native TID, frames innermost first."""
    by_ident = dict(threading._active)
    main = threading.main_thread()
    result = []
    for ident, frame in sys._current_frames().items():
        if ident == _listener_ident:
            continue
        t = by_ident.get(ident)
        result.append(
            {
                'name': t.name if t is not None else None,
                'ident': ident,
                'tid': getattr(t, 'native_id', None) if t is not None else None,
                'main': t is main,
                'daemon': bool(t.daemon) if t is not None else None,
                'frames': _frames(frame),
            }
        )
    return result
