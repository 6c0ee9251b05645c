#!/usr/bin/env python3
"""Simulated SQUID tuning (the controller's tune_squids op): find resonators, tune, write the tune file.

Usage: tune_squids.py [--duration S] [--fail] [any args, echoed]
"""
import sys

import smurfsim as sim


def run(pub, argv):
    sim.say('tune_squids on %s, args %s' % (sim.stream_id(), argv))
    act = sim.Action(pub, 'tune_squids')
    duration = sim.sim_duration(argv, {}, 3.0)
    for step in ('find_freq', 'setup_notches', 'tracking_setup'):
        sim.progress(step, duration / 3, steps=3)
    if sim.should_fail(argv, {}):
        sys.stderr.write('tune_squids failed (simulated failure requested)\n')
        return 1
    tune = act.write('tune.npy', 'fake tune\n', 'tune', 'npy')
    pub.session_data({'tune_file': tune})
    sim.update_state(pysmurf_action='tune_squids', pysmurf_action_timestamp=act.ctime)
    sim.say('tuned: %s' % tune)
    return 0


if __name__ == '__main__':
    sim.main(lambda pub: run(pub, sys.argv[1:]), 'tune_squids')
