"""ProcLab's bootstrap, on the PYTHONPATH of the Python programs ProcLab starts.

It gives line-buffered output, names native threads after their Python names and answers the
engine's requests for stacks (see _proclab_bootstrap). It then runs the sitecustomize it shadows
(Debian's python has one), so the interpreter starts as it would have without ProcLab.
"""


def _proclab_start():
    import sys

    # No __pycache__ in the app's folder (it may be read-only): the program's own setting comes back after.
    dont_write = sys.dont_write_bytecode
    sys.dont_write_bytecode = True
    try:
        import _proclab_bootstrap

        _proclab_bootstrap.install()
    except Exception as e:  # never stop the user's program for ProcLab's sake
        try:
            sys.stderr.write('proclab bootstrap: %s\n' % (e,))
        except Exception:
            pass
    finally:
        sys.dont_write_bytecode = dont_write


def _chain():
    """Runs the next sitecustomize on sys.path and leaves it as the module the program sees."""
    import os
    import sys
    from importlib.machinery import PathFinder
    from importlib.util import module_from_spec

    here = os.path.dirname(os.path.realpath(__file__))
    rest = [p for p in sys.path if os.path.realpath(p or os.curdir) != here]
    spec = PathFinder.find_spec('sitecustomize', rest)
    if spec is None or spec.loader is None:
        return
    mod = module_from_spec(spec)
    sys.modules['sitecustomize'] = mod
    try:
        spec.loader.exec_module(mod)
    except Exception:
        # site.py reports a failing sitecustomize and goes on: do the same.
        import traceback

        sys.stderr.write('Error in sitecustomize; set PYTHONVERBOSE for traceback:\n')
        traceback.print_exc()


_proclab_start()
_chain()
del _proclab_start, _chain
