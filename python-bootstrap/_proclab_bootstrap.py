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
_channel_fd = None
_send_lock = _thread.allocate_lock()
# The lock-order graph stops growing here (a program making locks by the million).
MAX_ORDERS = 20000


def install():
    _leave_sys_path()
    _line_buffered()
    _name_native_threads()
    _track_locks()
    _start_listener()
    _track_mp_locks()


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
        # A new thread may have a dead one's ident: it holds nothing yet.
        _held.pop(_thread.get_ident(), None)
        _mp_mine.pop(_thread.get_ident(), None)
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
    global _channel_fd
    _channel_fd = fd

    def forked():
        global _channel_fd
        _channel_fd = None
        _close_quietly(fd)

    os.register_at_fork(after_in_child=forked)
    _thread.start_new_thread(_listen, (fd,))


def _close_quietly(fd):
    try:
        os.close(fd)
    except OSError:
        pass


def _send(fd, obj):
    data = (json.dumps(obj, separators=(',', ':')) + '\n').encode('utf-8')
    with _send_lock:
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
    if op in ('stacks', 'locks'):
        try:
            body = stacks() if op == 'stacks' else locks()
            reply = {'id': rid, 'ok': True, 'pid': os.getpid(), op: body}
            if op == 'stacks':
                reply['threads'] = reply.pop('stacks')
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
        if code.co_filename == __file__:
            # The bootstrap's own wrappers (a lock's acquire, a thread's start) are not the program's.
            frame = frame.f_back
            continue
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


# ---- who holds what -------------------------------------------------------------------------
#
# threading.Lock and threading.RLock (and so Condition's and Semaphore's locks) become thin
# wrappers that record, at acquire and release only, which thread holds each lock and where it
# took it, and which thread waits for which lock (or in join() for which thread) and where.
# Nothing polls; the engine reads the records when it suspects a deadlock.
#
# The uncontended path is kept short (bench/bootstrap): a non-blocking try of the real lock, then
# plain attribute stores (atomic under the GIL, no registry lock), the caller's code object and
# line, and the lock-order check against a per-lock set of lock serials already seen before it —
# a new (held, taken) pair is recorded once, with its lines; only a take that must wait records
# the waiter and its frame before blocking.

_get_ident = _thread.get_ident
_getframe = sys._getframe
# ident -> (what, file, line, kind): what is a tracked lock or, for 'join', the Thread.
_waiting = {}
_tracked = None  # weakref.WeakValueDictionary: id -> tracked lock
# Lock order: (id L1, id L2) -> (thread name, file:line of L1, file:line of L2), first seen.
_order = {}
# ident -> list of tracked locks, in the order taken. A thread's list is kept (empty) once it
# holds nothing, so a take allocates nothing; a starting thread gets a fresh one (idents are reused).
_held = {}
_inversions = []
_serials = None  # itertools.count: each tracked lock's number in its successors' _preds


def _where(depth):
    """File and line of the frame `depth` above the caller."""
    f = _getframe(depth + 1)
    return f.f_code.co_filename, f.f_lineno


def _line_of(code, lasti):
    """The line of a bytecode offset: f_lineno, computed only when asked (a take stores f_lasti,
    which costs less than the line-table walk of f_lineno)."""
    line = None
    for start, end, n in code.co_lines():
        if start <= lasti < end:
            return n if n is not None else line
        if n is not None:
            line = n
    return line


class _Tracked(object):
    __slots__ = ('_lock', '_acq', '_rel', '_owner', '_code', '_lasti', '_n', '_preds', '_held', '__weakref__')
    _kind = 'Lock'

    def __init__(self, inner):
        self._lock = inner
        self._acq = inner.acquire
        self._rel = inner.release
        self._owner = None
        self._code = None
        self._lasti = None
        self._n = next(_serials)
        # The owner's list of held locks, while held (its release needs no look-up).
        self._held = None
        # Serials of the locks some thread held when it took (or began to wait for) this one.
        self._preds = set()
        _tracked[id(self)] = self

    @property
    def _at(self):
        code = self._code
        return (code.co_filename, _line_of(code, self._lasti)) if code is not None else None

    def _after(self, me, held, at):
        """Records the pairs (held lock, this one) not seen before; `at` is this take's site."""
        preds = self._preds
        for other in held:
            if other is self or other._n in preds:
                continue
            preds.add(other._n)
            self._note_pair(me, other, at)

    def _note_pair(self, me, other, at):
        key = (id(other), id(self))
        if key in _order or len(_order) >= MAX_ORDERS:
            return
        # The thread by name now: an ident is reused once its thread has ended.
        _order[key] = (_thread_ref(me), other._at_of(me), at)
        # Any two orders make a cycle in the lock-order graph (as Helgrind's): two threads
        # running this code can deadlock, whichever thread took each order here.
        back = _order.get((id(self), id(other)))
        if back is not None and len(_inversions) < 20:
            _inversions.append((other, self, _order[key], back))
            _push_inversion(_inversions[-1])

    def _at_of(self, me):
        return self._at if self._owner == me else None

    def _took(self, me, f):
        """Bookkeeping once the real lock is ours; f is the caller's frame."""
        self._owner = me
        self._code = f.f_code
        self._lasti = f.f_lasti
        held = _held.get(me)
        if held is None:
            held = self._held = _held[me] = [self]
            return
        if held:
            preds = self._preds
            for other in held:
                if other._n not in preds and other is not self:
                    self._after(me, held, (f.f_code.co_filename, f.f_lineno))
                    break
        held.append(self)
        self._held = held

    def _wait(self, f, blocking, timeout):
        """The real lock is taken: record the wait (and the attempted order), then block."""
        me = _get_ident()
        at = (f.f_code.co_filename, f.f_lineno)
        _waiting[me] = (self, at[0], at[1], 'lock')
        held = _held.get(me)
        if held:
            self._after(me, held, at)
        try:
            ok = self._acq(blocking, timeout)
        finally:
            _waiting.pop(me, None)
        if ok:
            self._took(me, f)
        return ok

    def acquire(self, blocking=True, timeout=-1):
        if blocking and (timeout == -1 or timeout > 0):
            if self._acq(False):
                self._took(_get_ident(), _getframe(1))
                return True
            return self._wait(_getframe(1), blocking, timeout)
        # Non-blocking, or arguments the real lock refuses (it raises as it would bare).
        ok = self._acq(blocking, timeout)
        if ok:
            self._took(_get_ident(), _getframe(1))
        return ok

    def __enter__(self):
        # _took, inlined on purpose: `with lock:` is the hot path, and a Python call costs
        # ~100 ns there (bench/bootstrap). Keep the two in step when either changes.
        if self._acq(False):
            me = self._owner = _get_ident()
            f = _getframe(1)
            self._code = f.f_code
            self._lasti = f.f_lasti
            try:
                held = _held[me]
            except KeyError:
                self._held = _held[me] = [self]
                return True
            if held:
                preds = self._preds
                for other in held:
                    if other._n not in preds and other is not self:
                        self._after(me, held, (f.f_code.co_filename, f.f_lineno))
                        break
            held.append(self)
            self._held = held
            return True
        return self._wait(_getframe(1), True, -1)

    def _gone(self, owner):
        held = self._held
        self._held = None
        if held:
            if held[-1] is self:
                del held[-1]
                return
            for i in range(len(held) - 2, -1, -1):
                if held[i] is self:
                    del held[i]
                    return

    def release(self):
        # The owner is cleared first: once the real lock is free another thread may take it and
        # record itself.
        owner = self._owner
        self._owner = None
        try:
            self._rel()
        except BaseException:
            self._owner = owner
            raise
        self._gone(owner)

    def __exit__(self, t, v, tb):
        owner = self._owner
        self._owner = None
        try:
            self._rel()
        except BaseException:
            self._owner = owner
            raise
        try:
            held = self._held
            if held[-1] is self:
                del held[-1]
                return
        except (TypeError, IndexError):
            pass
        self._gone(owner)

    def locked(self):
        return self._lock.locked()

    def _at_fork_reinit(self):
        # threading re-creates its locks in a forked child: nobody holds this one there.
        self._lock._at_fork_reinit()
        self._owner = None
        self._code = None
        self._held = None

    def __repr__(self):
        return repr(self._lock)


class _TrackedRLock(_Tracked):
    __slots__ = ('_count',)
    _kind = 'RLock'

    def __init__(self, inner):
        _Tracked.__init__(self, inner)
        self._count = 0

    # A re-entry only counts: the first acquire's line and order stay.
    def acquire(self, blocking=True, timeout=-1):
        if blocking and (timeout == -1 or timeout > 0):
            ok = self._acq(False)
            if not ok:
                ok = self._wait(_getframe(1), blocking, timeout)
                if ok:
                    self._count = 1
                return ok
        else:
            ok = self._acq(blocking, timeout)
            if not ok:
                return False
        me = _get_ident()
        if self._owner == me:
            self._count += 1
        else:
            self._count = 1
            self._took(me, _getframe(1))
        return True

    def __enter__(self):
        if self._acq(False):
            me = _get_ident()
            if self._owner == me:
                self._count += 1
            else:
                self._count = 1
                self._took(me, _getframe(1))
            return True
        ok = self._wait(_getframe(1), True, -1)
        self._count = 1
        return ok

    def release(self):
        if self._count > 1 and self._owner == _get_ident():
            self._count -= 1
            self._rel()
            return
        owner = self._owner
        if owner != _get_ident():
            self._rel()  # raises: not ours
            return
        self._owner = None
        self._count = 0
        try:
            self._rel()
        except BaseException:
            self._owner, self._count = owner, 1
            raise
        self._gone(owner)

    def __exit__(self, t, v, tb):
        self.release()

    def _is_owned(self):
        return self._lock._is_owned()

    def _release_save(self):
        owner = self._owner
        state = self._lock._release_save()
        self._owner = None
        self._count = 0
        self._gone(owner)
        return state

    def _acquire_restore(self, state):
        self._lock._acquire_restore(state)
        self._count = state[0]
        self._took(_get_ident(), _getframe(2))

    def _at_fork_reinit(self):
        _Tracked._at_fork_reinit(self)
        self._count = 0

    def locked(self):
        return self._lock.locked() if hasattr(self._lock, 'locked') else self._owner is not None


def _forward(name):
    def method(self, *args, **kwargs):
        return getattr(self._lock, name)(*args, **kwargs)

    method.__name__ = name
    return method


def _forward_rest(cls, real):
    """Whatever else the real lock offers (RLock._recursion_count, which multiprocessing's
    resource tracker calls; private helpers of later Pythons) is the real lock's. Methods, not a
    __getattr__: a class with __getattr__ loses CPython's fast attribute loads on every acquire."""
    for name in dir(real):
        if name.startswith('__') or hasattr(cls, name):
            continue
        if callable(getattr(real, name, None)):
            setattr(cls, name, _forward(name))


def _track_locks():
    global _tracked, _serials
    import itertools
    import weakref

    _tracked = weakref.WeakValueDictionary()
    _serials = itertools.count(1)
    allocate = _thread.allocate_lock
    rlock = threading.RLock

    def Lock():
        return _Tracked(allocate())

    def RLock(*args, **kwargs):
        return _TrackedRLock(rlock(*args, **kwargs))

    # The old names of the real lock's methods are the tracked ones here too.
    _Tracked.acquire_lock = _Tracked.acquire
    _Tracked.release_lock = _Tracked.release
    _Tracked.locked_lock = _Tracked.locked
    _forward_rest(_Tracked, type(allocate()))
    _forward_rest(_TrackedRLock, type(rlock()))
    Lock.__doc__ = threading.Lock.__doc__
    RLock.__doc__ = rlock.__doc__
    threading.Lock = Lock
    threading.RLock = RLock

    join = threading.Thread.join

    def join_tracked(self, timeout=None):
        me = _get_ident()
        f = _getframe(1)
        _waiting[me] = (self, f.f_code.co_filename, f.f_lineno, 'join')
        try:
            return join(self, timeout)
        finally:
            _waiting.pop(me, None)

    join_tracked.__doc__ = join.__doc__
    threading.Thread.join = join_tracked
    _track_semaphores()
    _track_conditions()


# Semaphores: who holds a permit (a thread that took one and has not given one back; a release by
# another thread gives back the oldest holder's) and who waits for one. A semaphore has an owner
# in the wait-for graph only while exactly one thread holds it (a binary semaphore used as a
# mutex); every holder is listed. Semaphores take no part in the lock-order check.
_sem_holders = None  # weakref.WeakKeyDictionary: semaphore -> {ident: [count, (file, line)]}


def _user_frame(f):
    """The first frame outside threading.py (Condition.wait_for, Semaphore.__enter__ ...)."""
    tfile = threading.__file__
    while f is not None and f.f_code.co_filename == tfile:
        f = f.f_back
    return f


def _track_semaphores():
    global _sem_holders
    import weakref

    _sem_holders = weakref.WeakKeyDictionary()
    acquire = threading.Semaphore.acquire

    def took(sem, me, f):
        holders = _sem_holders.get(sem)
        if holders is None:
            holders = _sem_holders[sem] = {}
        h = holders.get(me)
        if h is None:
            holders[me] = [1, (f.f_code.co_filename, f.f_lineno)]
        else:
            h[0] += 1

    def acquire_tracked(self, blocking=True, timeout=None):
        if not blocking and timeout is not None:
            return acquire(self, blocking, timeout)  # raises as it would bare
        me = _get_ident()
        if acquire(self, False):
            took(self, me, _user_frame(_getframe(1)))
            return True
        if not blocking:
            return False
        f = _user_frame(_getframe(1))
        _waiting[me] = (self, f.f_code.co_filename, f.f_lineno, 'lock')
        try:
            ok = acquire(self, True, timeout)
        finally:
            _waiting.pop(me, None)
        if ok:
            took(self, me, f)
        return ok

    def gave(sem, n):
        holders = _sem_holders.get(sem)
        if not holders:
            return
        me = _get_ident()
        while n > 0 and holders:
            who = me if me in holders else next(iter(holders))
            h = holders[who]
            k = min(n, h[0])
            h[0] -= k
            n -= k
            if h[0] == 0:
                del holders[who]

    for cls in (threading.Semaphore, threading.BoundedSemaphore):
        release = cls.__dict__.get('release')
        if release is None:
            continue

        def release_tracked(self, n=1, _release=release):
            _release(self, n)
            gave(self, n)

        release_tracked.__doc__ = release.__doc__
        cls.release = release_tracked
    acquire_tracked.__doc__ = acquire.__doc__
    threading.Semaphore.acquire = acquire_tracked
    threading.Semaphore.__enter__ = acquire_tracked


def _track_conditions():
    """A Condition.wait is a wait for a notify (no owner), named as such; a wait already named
    (a semaphore's permit, a queue's) keeps its name."""
    wait = threading.Condition.wait

    def wait_tracked(self, timeout=None):
        me = _get_ident()
        if me in _waiting:
            return wait(self, timeout)
        f = _user_frame(_getframe(1))
        _waiting[me] = (self, f.f_code.co_filename, f.f_lineno, 'condition')
        try:
            return wait(self, timeout)
        finally:
            _waiting.pop(me, None)

    wait_tracked.__doc__ = wait.__doc__
    threading.Condition.wait = wait_tracked


def _sem_owner(sem):
    holders = _sem_holders.get(sem) if _sem_holders is not None else None
    if not holders:
        return None, None, []
    if len(holders) == 1:
        ident, (count, at) = next(iter(holders.items()))
        return ident, at, [ident]
    return None, None, list(holders)


def _lock_names(frames_by_ident):
    """Names by identity: a global or local of a waiting/holding thread's frames, or self.<attr>."""
    wanted = dict((id(l), l) for l in list(_tracked.values()))
    for sem in list(_sem_holders.keys()) if _sem_holders is not None else ():
        wanted[id(sem)] = sem
    for w in list(_waiting.values()):
        if w[3] == 'condition':
            wanted[id(w[0])] = w[0]
    for obj in list(_mp_objs.values()) if _mp_objs is not None else ():
        wanted[id(obj)] = obj
    names = {}
    # Our wrappers' and threading's own frames (Condition.wait's self, lock, waiter) name nothing.
    skip = (__file__, threading.__file__)
    for frame in frames_by_ident.values():
        f = frame
        while f is not None and len(names) < len(wanted):
            if f.f_code.co_filename in skip:
                f = f.f_back
                continue
            for scope in (f.f_locals, f.f_globals):
                for key, value in list(scope.items()):
                    i = id(value)
                    if i in wanted and i not in names and wanted[i] is value:
                        names[i] = key
                    elif key == 'self' and hasattr(value, '__dict__'):
                        for attr, v in list(vars(value).items()):
                            j = id(v)
                            if j in wanted and j not in names and wanted[j] is v:
                                names[j] = 'self.' + attr
            f = f.f_back
    return names


def _site(at):
    return {'file': at[0], 'line': at[1]} if at else None


def locks():
    """Who holds which lock and who waits for what (lock or join), with lines; lock-order inversions."""
    frames = sys._current_frames()
    frames.pop(_listener_ident, None)
    by_ident = dict(threading._active)
    names = _lock_names(frames)

    lock_id = _lock_id
    pid = os.getpid()

    def thread_info(ident):
        t = by_ident.get(ident)
        return {'pid': pid, 'ident': ident, 'name': t.name if t else None, 'tid': getattr(t, 'native_id', None) if t else None}

    threads = []
    seen_locks = {}
    for ident in frames:
        row = thread_info(ident)
        w = _waiting.get(ident)
        if w is not None:
            what, file, line, kind = w
            if kind == 'join':
                row['wait'] = {'kind': 'join', 'thread': thread_info(what.ident) if what.ident else None, 'file': file, 'line': line}
            elif kind == 'condition':
                cid = lock_id(what)
                row['wait'] = {'kind': 'condition', 'condition': names.get(id(what)) or cid, 'file': file, 'line': line}
            else:
                seen_locks[id(what)] = what
                row['wait'] = {'kind': 'lock', 'lock': lock_id(what), 'file': file, 'line': line}
        else:
            f = frames[ident]
            if f.f_code.co_name == '_shutdown' and f.f_globals.get('__name__') == 'threading':
                row['wait'] = {'kind': 'exit', 'file': f.f_code.co_filename, 'line': f.f_lineno}
        threads.append(row)
    for l in list(_tracked.values()):
        if l._owner is not None:
            seen_locks[id(l)] = l
    for sem, holders in list(_sem_holders.items()) if _sem_holders is not None else ():
        if holders:
            seen_locks[id(sem)] = sem
    out_locks = []
    for l in seen_locks.values():
        if isinstance(l, _Tracked):
            owner, at, holders = l._owner, l._at, None
        else:
            owner, at, holders = _sem_owner(l)
        row = {
            'id': lock_id(l),
            'name': names.get(id(l)) or lock_id(l),
            'kind': _kind_of(l),
            'owner': thread_info(owner) if owner is not None else None,
            'at': _site(at) if owner is not None else None,
        }
        if holders is not None:
            row['holders'] = [thread_info(h) for h in holders]
        out_locks.append(row)
    _mp_merge(threads, out_locks, names)
    inversions = [_inversion_json(inv, names) for inv in _inversions]
    return {'threads': threads, 'locks': out_locks, 'inversions': inversions}


def _mp_merge(threads, out_locks, names):
    """The multiprocessing locks of every forked process of the run: their waiters and owners
    (each with its pid) joined to the threads and locks of the reply."""
    records = _mp_records()
    if not records:
        return
    mp_names = {}
    for key, obj in list(_mp_objs.items()):
        if id(obj) in names:
            mp_names[key] = names[id(obj)]
    kinds = {'L': 'multiprocessing.Lock', 'R': 'multiprocessing.RLock'}

    def lock_ref(key):
        return 'mp:' + key

    mine = dict(((t.get('pid'), t['ident']), t) for t in threads)
    seen = {}
    for ref, wait, held in records:
        row = mine.get((ref['pid'], ref['ident']))
        if row is None:
            row = dict(ref)
            threads.append(row)
            mine[(ref['pid'], ref['ident'])] = row
        if wait is not None and 'wait' not in row:
            row['wait'] = {'kind': 'lock', 'lock': lock_ref(wait[0]), 'file': wait[1], 'line': wait[2]}
            seen.setdefault(wait[0], None)
        for key, file, line in held:
            if seen.get(key) is None:
                seen[key] = (ref, {'file': file, 'line': line})
    for key, own in seen.items():
        owner = None
        if own is not None:
            o = mine.get((own[0]['pid'], own[0]['ident']))
            owner = {'pid': own[0]['pid'], 'ident': own[0]['ident'], 'name': (o or own[0]).get('name'), 'tid': own[0]['tid']}
        out_locks.append(
            {
                'id': lock_ref(key),
                'name': mp_names.get(key) or '%s@%s' % (kinds.get(key[:1], 'multiprocessing.Lock'), key[-6:]),
                'kind': kinds.get(key[:1], 'multiprocessing.Lock'),
                'owner': owner,
                'at': own[1] if own is not None else None,
            }
        )


def _kind_of(l):
    return l._kind if isinstance(l, _Tracked) else type(l).__name__


def _lock_id(l):
    return '%s@%x' % (_kind_of(l), id(l) & 0xFFFFFF)


def _thread_ref(ident):
    t = threading._active.get(ident)
    return {'ident': ident, 'name': t.name if t else None, 'tid': getattr(t, 'native_id', None) if t else None}


def _inversion_json(inv, names):
    a, b, ab, ba = inv
    na = names.get(id(a)) or _lock_id(a)
    nb = names.get(id(b)) or _lock_id(b)
    # ab: a was held when b was taken (a, then b); ba: the other order.
    return {
        'first': {'lock': nb, 'then': na, 'thread': ba[0], 'at': _site(ba[1]), 'thenAt': _site(ba[2])},
        'second': {'lock': na, 'then': nb, 'thread': ab[0], 'at': _site(ab[1]), 'thenAt': _site(ab[2])},
    }


def _push_inversion(inv):
    """Tells the engine at once (the program may end, or hang, before anyone asks)."""
    fd = _channel_fd
    if fd is None:
        return
    try:
        names = _lock_names({_get_ident(): _getframe(1)})
        _send(fd, {'event': 'inversion', 'inversion': _inversion_json(inv, names)})
    except Exception:
        pass


# ---- multiprocessing locks across forked processes ------------------------------------------
#
# The run's root maps a small shared anonymous table (MAP_SHARED: every forked child and
# grandchild writes into the same pages) of fixed-size thread slots. A thread that takes a
# multiprocessing Lock/RLock writes (lock, file, line) into its own slot; a thread that must wait
# writes the lock it waits for; the root's listener reads every live slot for a `locks` reply.
# A lock is known by its semaphore's address, the same in every forked process. Children started
# with spawn or forkserver run a fresh interpreter without the table: their locks go untracked.
# A slot is claimed once per thread (under a process-shared semaphore); a full table, or more than
# MP_HELD locks held at once, leaves the owner unknown, never an error.

MP_SLOTS = 256
MP_HELD = 4
MP_FILE_BYTES = 200
_mp_head = None  # struct.Struct: pid, native tid, ident, thread name
_mp_entry = None  # struct.Struct: line, lock key, file (its last MP_FILE_BYTES bytes)
_mp_slot_size = 0
_mp_table = None  # the shared mmap, or None (not a run root's tree, or no mmap)
_mp_claim = None  # process-shared semaphore guarding slot claims
_mp_mine = {}  # ident -> [slot offset, keys held per entry] (False: no slot to be had)
_mp_objs = None  # weakref.WeakValueDictionary: key (str) -> this process's lock object (for names)
_mp_files = {}  # co_filename -> its bytes as stored


def _track_mp_locks():
    """In a run root only (it holds the engine's channel): the table, and a hook that wraps
    multiprocessing.synchronize when the program imports it (importing it here would cost
    every run the import)."""
    global _mp_head, _mp_entry, _mp_slot_size, _mp_table, _mp_claim, _mp_objs
    if _channel_fd is None:
        return
    try:
        import mmap
        import struct
        import weakref
        import _multiprocessing

        _mp_head = struct.Struct('=iiQ32s')
        _mp_entry = struct.Struct('=i48s%ds' % MP_FILE_BYTES)
        _mp_slot_size = _mp_head.size + _mp_entry.size * (1 + MP_HELD)
        table = mmap.mmap(-1, MP_SLOTS * _mp_slot_size, mmap.MAP_SHARED)
        import random

        name = '/proclab-%d-%x' % (os.getpid(), random.getrandbits(48))
        # kind 1 = semaphore; unlinked at once: only forked processes share it.
        _mp_claim = _multiprocessing.SemLock(1, 1, 1, name, True)
    except Exception:
        return
    _mp_table = table
    _mp_objs = weakref.WeakValueDictionary()

    def forked():
        # The forking thread's slot is the parent's.
        _mp_mine.clear()

    os.register_at_fork(after_in_child=forked)
    mod = sys.modules.get('multiprocessing.synchronize')
    if mod is not None:
        _wrap_synchronize(mod)
    else:
        sys.meta_path.insert(0, _SynchronizeHook())


class _SynchronizeHook(object):
    """Wraps multiprocessing.synchronize once imported, then leaves sys.meta_path."""

    def find_spec(self, name, path=None, target=None):
        if name != 'multiprocessing.synchronize':
            return None
        try:
            sys.meta_path.remove(self)
        except ValueError:
            pass
        from importlib.machinery import PathFinder

        spec = PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return None
        real = spec.loader.exec_module

        def exec_module(module):
            real(module)
            try:
                _wrap_synchronize(module)
            except Exception:
                pass

        spec.loader.exec_module = exec_module
        return spec


def _mp_thread_name():
    t = threading.current_thread()
    if t is threading.main_thread():
        # A child's main thread is "MainThread" in every process: its Process name says which.
        mpp = sys.modules.get('multiprocessing.process')
        if mpp is not None:
            try:
                return mpp.current_process().name
            except Exception:
                pass
    return t.name


def _mp_alive(pid, tid):
    return os.path.exists('/proc/%d/task/%d' % (pid, tid))


def _mp_slot(me):
    """This thread's slot, claimed on first use; False when none is to be had."""
    s = _mp_mine.get(me)
    if s is not None:
        return s
    s = False
    if _mp_claim.acquire(True, 0.5):
        try:
            pid, tid = os.getpid(), threading.get_native_id()
            for i in range(MP_SLOTS):
                off = i * _mp_slot_size
                p, t = _mp_head.unpack_from(_mp_table, off)[:2]
                if p == 0 or not _mp_alive(p, t):
                    _mp_table[off : off + _mp_slot_size] = bytes(_mp_slot_size)
                    name = _mp_thread_name().encode('utf-8', 'replace')[:32]
                    _mp_head.pack_into(_mp_table, off, pid, tid, me & 0xFFFFFFFFFFFFFFFF, name)
                    s = [off, [None] * MP_HELD]
                    break
        finally:
            _mp_claim.release()
    _mp_mine[me] = s
    return s


def _mp_file(code):
    name = code.co_filename
    b = _mp_files.get(name)
    if b is None:
        b = _mp_files[name] = name.encode('utf-8', 'surrogateescape')[-MP_FILE_BYTES:]
    return b


def _mp_entry_at(off, i):
    return off + _mp_head.size + _mp_entry.size * i


def _mp_took(key, f):
    me = _get_ident()
    s = _mp_mine.get(me)
    if s is None:
        s = _mp_slot(me)
    if not s:
        return
    keys = s[1]
    try:
        # A key still listed here was released by another thread or process (it cleared the
        # entry): its place is reused, so the list never fills with such keys.
        i = keys.index(key) if key in keys else keys.index(None)
    except ValueError:
        return  # more than MP_HELD held at once: this one's owner stays unknown
    keys[i] = key
    code = f.f_code
    b = _mp_files.get(code.co_filename)
    if b is None:
        b = _mp_file(code)
    _mp_entry.pack_into(_mp_table, s[0] + _mp_head.size + _mp_entry.size * (1 + i), f.f_lineno or 0, key, b)


def _mp_gave(key):
    s = _mp_mine.get(_get_ident())
    if s:
        keys = s[1]
        try:
            i = keys.index(key)
        except ValueError:
            pass
        else:
            keys[i] = None
            _mp_table[s[0] + _mp_head.size + _mp_entry.size * (1 + i) + 4] = 0  # the key's first byte: empty
            return
    # Released by a thread that did not take it (a Lock may be): clear whoever's entry it is.
    for i in range(MP_SLOTS):
        off = i * _mp_slot_size
        if _mp_head.unpack_from(_mp_table, off)[0] == 0:
            continue
        for j in range(1, 1 + MP_HELD):
            at = _mp_entry_at(off, j) + 4
            if _mp_table[at : at + len(key)] == key and _mp_table[at + len(key)] == 0:
                _mp_table[at] = 0
                return


class _MpTracked(object):
    """A multiprocessing Lock's or RLock's acquire/release (bound as the object's own, as
    SemLock._make_methods binds the real ones) that write the thread's slot."""

    __slots__ = ('_sl', '_key', '_acq', '_rel', '_rec')

    def __init__(self, sl, key, recursive):
        self._sl = sl
        self._key = key
        self._acq = sl.acquire
        self._rel = sl.release
        self._rec = recursive

    # The records never raise into the program: a failure leaves the owner unknown.
    def _take(self, block, timeout, f):
        if self._acq(False):
            if not self._rec or self._sl._count() == 1:
                try:
                    _mp_took(self._key, f)
                except Exception:
                    pass
            return True
        if not block:
            return False
        try:
            s = _mp_slot(_get_ident())
            if s:
                _mp_entry.pack_into(_mp_table, _mp_entry_at(s[0], 0), f.f_lineno or 0, self._key, _mp_file(f.f_code))
        except Exception:
            s = None
        try:
            ok = self._acq(True, timeout)
        finally:
            if s:
                _mp_table[_mp_entry_at(s[0], 0) + 4] = 0
        if ok:
            try:
                _mp_took(self._key, f)
            except Exception:
                pass
        return ok

    def acquire(self, block=True, timeout=None):
        return self._take(block, timeout, _getframe(1))

    def release(self):
        self._rel()
        if not self._rec or self._sl._count() == 0:
            try:
                _mp_gave(self._key)
            except Exception:
                pass


def _wrap_synchronize(mod):
    SemLock = mod.SemLock
    make = SemLock._make_methods
    enter = SemLock.__enter__
    exit_ = SemLock.__exit__
    kinds = ((mod.RLock, b'R'), (mod.Lock, b'L'))

    def _make_methods(self):
        make(self)
        if _mp_table is None:
            return
        for cls, tag in kinds:
            if isinstance(self, cls):
                sl = self._semlock
                key = tag + b'%x' % sl.handle
                t = _MpTracked(sl, key, tag == b'R')
                self.acquire = t.acquire
                self.release = t.release
                try:
                    _mp_objs[key.decode('ascii')] = self
                except TypeError:
                    pass
                return

    def __enter__(self):
        t = getattr(self.acquire, '__self__', None)
        if type(t) is _MpTracked:
            return t._take(True, None, _getframe(1))
        return enter(self)

    def __exit__(self, *args):
        t = getattr(self.release, '__self__', None)
        if type(t) is _MpTracked:
            return t.release()
        return exit_(self, *args)

    _make_methods.__doc__ = make.__doc__
    SemLock._make_methods = _make_methods
    SemLock.__enter__ = __enter__
    SemLock.__exit__ = __exit__


def _mp_records():
    """Every live slot: (thread ref with pid, its wait or None, what it holds), from the table."""
    out = []
    if _mp_table is None:
        return out
    for i in range(MP_SLOTS):
        off = i * _mp_slot_size
        pid, tid, ident, name = _mp_head.unpack_from(_mp_table, off)
        if pid == 0 or not _mp_alive(pid, tid):
            continue
        entries = []
        for j in range(1 + MP_HELD):
            line, key, file = _mp_entry.unpack_from(_mp_table, _mp_entry_at(off, j))
            if key[:1] == b'\0':
                entries.append(None)
                continue
            entries.append(
                (key.rstrip(b'\0').decode('ascii', 'replace'), file.rstrip(b'\0').decode('utf-8', 'surrogateescape'), line)
            )
        ref = {'pid': pid, 'ident': ident, 'name': name.rstrip(b'\0').decode('utf-8', 'replace'), 'tid': tid}
        out.append((ref, entries[0], [e for e in entries[1:] if e is not None]))
    return out
