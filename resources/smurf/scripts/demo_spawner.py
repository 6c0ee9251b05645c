#!/usr/bin/env python3
"""Starts a small process tree and waits: two children, one of which starts a grandchild that
calls setsid (leaves the process group), all sleeping until signalled. For abort tests: after an
abort, none of them may be left.

Prints `spawned PID...` lines with the pids of the children and the grandchild, and with --tick
a numbered `tick N` line every S seconds from the spawner itself.
Usage: demo_spawner.py [--ignore-sigint]   (children then ignore SIGINT: abort must escalate)
                       [--tick S]          (the spawner prints `tick 1`, `tick 2` ... every S seconds)
"""
import os
import signal
import subprocess
import sys
import time

# One write() per line: the sleepers share stdout, and print() writes text and newline separately (lines would interleave).
SLEEPER = 'import os, signal, sys, time\n' \
          'if "--setsid" in sys.argv: os.setsid()\n' \
          'if "--ignore-sigint" in sys.argv: signal.signal(signal.SIGINT, signal.SIG_IGN)\n' \
          'os.write(1, b"spawned %d\\n" % os.getpid())\n' \
          'while True: time.sleep(1)\n'

CHILD = 'import subprocess, sys, time\n' \
        'extra = sys.argv[1:]\n' \
        'subprocess.Popen([sys.executable, "-c", %r, "--setsid"] + extra)\n' \
        'exec(%r)\n' % (SLEEPER, SLEEPER)


def main():
    extra = ['--ignore-sigint'] if '--ignore-sigint' in sys.argv else []
    if extra:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    print('spawner %d' % os.getpid(), flush=True)
    subprocess.Popen([sys.executable, '-c', SLEEPER] + extra)
    subprocess.Popen([sys.executable, '-c', CHILD] + extra)
    tick = float(sys.argv[sys.argv.index('--tick') + 1]) if '--tick' in sys.argv else None
    n = 0
    try:
        while True:
            time.sleep(tick or 1)
            if tick:
                n += 1
                print('tick %d' % n, flush=True)
    except KeyboardInterrupt:
        print('spawner interrupted', flush=True)
        sys.exit(130)


if __name__ == '__main__':
    main()
