#!/bin/sh
# The bootstrap's overhead on a lock-heavy loop: the same program with and without it.
# Usage: bench/bootstrap/run.sh [N]   (N acquire/release pairs per case, default 1000000)
here=$(cd "$(dirname "$0")" && pwd)
boot="$here/../../python-bootstrap"
py=${PROCLAB_PYTHON:-python3}
echo "without the bootstrap:"
env -u PYTHONPATH "$py" "$here/locks.py" "$@"
echo "with the bootstrap (PYTHONPATH=python-bootstrap):"
PYTHONPATH="$boot" "$py" "$here/locks.py" "$@"
echo "with the bootstrap as a run root (a channel on fd 3: multiprocessing locks tracked too):"
PYTHONPATH="$boot" PROCLAB_STACKS_FD=3 "$py" "$here/locks.py" "$@" 3<>/dev/null
