#!/usr/bin/env python3
"""Simulated smurf measurement op (uxm_setup, uxm_relock, take_noise, take_iv, take_bgmap,
take_bias_steps, bias_dets, set_biases, zero_biases, all_off).

Usage: smurf_op.py --op NAME --params JSON [--duration S] [--fail]
Prints progress, writes fake output files in the pysmurf layout (registered with data_file
datagrams), publishes its results as session_data (shapes like sodetlib's) and exits 0, or 1 on
request (see smurfsim.py), or 130 on SIGINT.
"""
import random
import sys
import time

import smurfsim as sim

QUANTILES = [10, 25, 50, 75, 90]
NBANDS = 8
NBGS = 12


def quantile_data(name, scale, total):
    values = sorted(round(random.gauss(scale, scale * 0.2), 4) for _ in QUANTILES)
    return {'name': name, 'quantiles': QUANTILES, 'values': values, 'total': total}


def det_counts():
    all_det = [random.randint(200, 260) for _ in range(NBANDS)]
    good = [int(n * random.uniform(0.7, 0.95)) for n in all_det]
    return all_det, good


def uxm(op, act, pub, params):
    bands = params.get('bands') or list(range(NBANDS))
    for band in bands:
        act.write('channel_assignment_b%d.txt' % band, 'band %d\n' % band, 'channel_assignment')
    tune = act.write('tune.npy', 'fake tune\n', 'tune', 'npy')
    all_det, good = det_counts()
    data = {'filepath': tune, 'all_det_num': all_det, 'good_det_num': good, 'num_active_channels': sum(good)}
    sim.update_state(num_active_channels=sum(good))
    return data


def take_noise(op, act, pub, params):
    path = act.write('noise.npy', 'noise %s s\n' % params.get('duration'), 'noise', 'npy')
    act.write('noise.png', 'plot\n', 'noise', 'png', plot=True)
    return {'filepath': path, 'quantiles': {'white_noise_level': quantile_data('white_noise_level', 60.0, 1800)}}


def take_iv(op, act, pub, params):
    path = act.write('iv_analyze.npy', 'iv\n', 'iv', 'npy')
    act.write('iv_info.npy', 'iv info\n', 'iv_info', 'npy')
    return {'filepath': path, 'quantiles': {'Rn': quantile_data('Rn', 0.008, 1700), 'p_sat': quantile_data('p_sat', 3.0, 1700)}}


def take_bgmap(op, act, pub, params):
    path = act.write('bg_map.npy', 'bgmap\n', 'bg_map', 'npy')
    return {'filepath': path, 'nchans_per_bg': [random.randint(100, 160) for _ in range(NBGS)] + [random.randint(0, 40)]}


def take_bias_steps(op, act, pub, params):
    path = act.write('bias_step_analysis.npy', 'bias steps\n', 'bias_step_analysis', 'npy')
    per_bg = [random.randint(80, 150) for _ in range(NBGS)]
    lo, hi = (params.get('rfrac_range') or [0.2, 0.9])[:2]
    return {'filepath': path, 'biased_total': sum(per_bg), 'biased_per_bg': per_bg,
            'quantiles': {'Rfrac': quantile_data('Rfrac', (lo + hi) / 2, sum(per_bg)),
                          'Si': quantile_data('Si', -20.0, sum(per_bg)), 'Rtes': quantile_data('Rtes', 0.004, sum(per_bg))}}


def bias_dets(op, act, pub, params):
    return {'biases': [round(random.uniform(5, 12), 3) for _ in range(NBGS)]}


def set_biases(op, act, pub, params):
    bias = params.get('bias', 0)
    bgs = params.get('bgs') or list(range(NBGS))
    values = bias if isinstance(bias, list) else [bias] * len(bgs)
    for bg, value in zip(bgs, values):
        sim.say('set_tes_bias_bipolar(bg=%d, %s)' % (bg, value))
    return {'biases': dict(('bg%d' % bg, v) for bg, v in zip(bgs, values))}


def zero_biases(op, act, pub, params):
    return set_biases(op, act, pub, {'bias': 0, 'bgs': params.get('bgs')})


def all_off(op, act, pub, params):
    sim.say('all_off(disable_amps=%s, disable_tones=%s)' % (params.get('disable_amps'), params.get('disable_tones')))
    sim.update_state(num_active_channels=0, stream_on=False)
    return {}


OPS = {
    'uxm_setup': (uxm, 4.0), 'uxm_relock': (uxm, 3.0), 'take_noise': (take_noise, 3.0),
    'take_iv': (take_iv, 4.0), 'take_bgmap': (take_bgmap, 3.0), 'take_bias_steps': (take_bias_steps, 3.0),
    'bias_dets': (bias_dets, 2.0), 'set_biases': (set_biases, 1.0), 'zero_biases': (zero_biases, 1.0),
    'all_off': (all_off, 1.0),
}


def main(argv):
    op = sim.option(argv, '--op')
    if op not in OPS:
        sys.stderr.write('unknown or missing --op %r (known: %s)\n' % (op, ', '.join(sorted(OPS))))
        return 2
    params = sim.op_params(argv)
    body, default_duration = OPS[op]
    duration = sim.sim_duration(argv, params, default_duration)

    def run(pub):
        sim.say('%s on %s (slot %s), params %s' % (op, sim.stream_id(), sim.os.environ.get('SLOT'), sim.json.dumps(params)))
        pub.session_log('%s started' % op)
        act = sim.Action(pub, op)
        sim.progress(op, duration)
        if sim.should_fail(argv, params):
            sys.stderr.write('%s failed (simulated failure requested)\n' % op)
            pub.session_log('%s failed' % op)
            return 1
        data = body(op, act, pub, params)
        if data:
            pub.session_data(data)
        sim.update_state(pysmurf_action=op, pysmurf_action_timestamp=act.ctime)
        sim.say('%s done at %s' % (op, time.strftime('%H:%M:%S')))
        return 0

    sim.main(run, op)


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
