#!/usr/bin/env python3
"""A generic user script for the launcher: prints a numbered line every --interval seconds for
--duration seconds, publishes its progress as session_data/session_log datagrams, and exits 0
(or 1 with --fail, or 130 on SIGINT).

Usage: hello_smurf.py [--duration S (3)] [--interval S (0.25)] [--fail] [--stderr] [--exit-code N]
"""
import os
import sys
import time

import smurfsim as sim


def run(pub, argv):
    duration = sim.sim_duration(argv, {}, 3.0)
    interval = float(sim.option(argv, '--interval', '0.25'))
    sim.say('hello from %s: SLOT=%s SMURFPUB_ID=%s SMURFPUB_BACKEND=%s SMURFPUB_UDP_HOST=%s SMURFPUB_UDP_PORT=%s SMURF_DATA_DIR=%s' % (
        os.path.basename(__file__), os.environ.get('SLOT'), os.environ.get('SMURFPUB_ID'), os.environ.get('SMURFPUB_BACKEND'),
        os.environ.get('SMURFPUB_UDP_HOST'), os.environ.get('SMURFPUB_UDP_PORT'), os.environ.get('SMURF_DATA_DIR')))
    sim.say('args: %s' % ' '.join(argv))
    pub.session_log('hello_smurf started')
    started = time.time()
    n = 0
    while time.time() - started < duration:
        n += 1
        sim.say('line %d at %.2f s' % (n, time.time() - started))
        if '--stderr' in argv:
            sys.stderr.write('warning %d\n' % n)
            sys.stderr.flush()
        pub.session_data({'lines': n, 'last_line_at': time.time()})
        time.sleep(interval)
    if sim.should_fail(argv, {}):
        sys.stderr.write('hello_smurf: failing on request\n')
        return 1
    sim.say('done after %d lines' % n)
    return int(sim.option(argv, '--exit-code', '0'))


if __name__ == '__main__':
    sim.main(lambda pub: run(pub, sys.argv[1:]), 'hello_smurf')
