#!/usr/bin/env python3
"""Simulated check_state poll: prints the slot's state as one JSON line (read by the controller).

The state comes from <SMURF_DATA_DIR>/state/<stream id>.json, which the other sim scripts update.
"""
import json
import time

import smurfsim as sim

state = sim.read_state()
print(json.dumps({
    'stream_id': sim.stream_id(),
    'pysmurf_action': state.get('pysmurf_action'),
    'pysmurf_action_timestamp': state.get('pysmurf_action_timestamp'),
    'num_active_channels': state.get('num_active_channels', 0),
    'open_g3stream': 1 if state.get('stream_on') else 0,
    'stream_tag': state.get('stream_tag'),
    'last_update': time.time(),
}), flush=True)
