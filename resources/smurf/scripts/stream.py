#!/usr/bin/env python3
"""Simulated stream (the controller's stream op): streams until SIGINT or --params duration.

SIGINT is the normal way to stop it (stream_g3_off) and exits 0.
"""
import os
import sys
import time

import smurfsim as sim


def run(pub, argv):
    params = sim.op_params(argv)
    duration = params.get('duration')
    sid = int(time.time())
    tag = params.get('tag') or ','.join(x for x in (params.get('stream_type') or 'obs', params.get('subtype')) if x)
    act = sim.Action(pub, 'stream_g3_on')
    act.write('freq.txt', 'freqs\n', 'freq')
    act.write('mask.txt', 'mask\n', 'mask')
    sim.say('Stream started: session id %d, tag %s' % (sid, tag))
    pub.session_data({'stream_on': True, 'sid': sid})
    sim.update_state(stream_on=True, stream_tag=tag)
    started = time.time()
    frames = 0
    try:
        while duration is None or time.time() - started < float(duration):
            time.sleep(0.5)
            frames += 1
            if frames % 4 == 0:
                sim.say('streaming: %d s, %d frames' % (int(time.time() - started), frames))
    except KeyboardInterrupt:
        sim.say('SIGINT: stopping the stream')
    g3 = os.path.join(sim.data_root(), 'timestreams', str(sid)[:5], sim.stream_id(), '%d_000.g3' % sid)
    os.makedirs(os.path.dirname(g3), exist_ok=True)
    with open(g3, 'w') as f:
        f.write('fake g3 %d frames\n' % frames)
    # The streamer announces closed g3 files under its own publisher id (smurf-streamer SOFileWriter).
    streamer = sim.Publisher('stream', pub_id='STREAMER:%s' % sim.stream_id())
    streamer.publish({'path': g3, 'archive_name': 'timestreams'}, 'g3_file')
    streamer.close()
    pub.session_data({'stream_on': False})
    sim.update_state(stream_on=False, pysmurf_action='stream', pysmurf_action_timestamp=sid)
    sim.say('Stream stopped after %d frames' % frames)
    return 0


if __name__ == '__main__':
    sim.main(lambda pub: run(pub, sys.argv[1:]), 'stream')
