"""Shared helpers of the simulated smurf scripts (stdlib only).

- Publisher: the pysmurf publisher envelope {host, id, script, time, seq_no, type, payload} as one
  UDP datagram per message to SMURFPUB_UDP_HOST:SMURFPUB_UDP_PORT when SMURFPUB_BACKEND=udp
  (`start` when created, `stop` when closed; messages over 64000 bytes become `backend_error`).
- Output files in the real layout:
  <SMURF_DATA_DIR>/smurf/<5 ctime digits>/<stream id>/<ctime>_<action>/<outputs|plots>/<ctime>_<name>
  each registered with a `data_file` datagram.
- Progress printing over a configurable duration, SIGINT handling (exit 130), failure on request.

Simulation knobs: --duration S / kwargs.sim_duration / $SMURF_SIM_DURATION (seconds);
--fail / kwargs.sim_fail (true or a list of stream ids) / $SMURF_SIM_FAIL (1, or stream ids, comma separated).
"""
import json
import os
import socket
import sys
import time

UDP_MAX_BYTES = 64000
PYSMURF_VERSION = 'sim-0.1'


class Publisher:
    """Sends pysmurf publisher datagrams (pysmurf/client/util/pub.py semantics)."""

    def __init__(self, script_id, pub_id=None):
        self.pub_id = pub_id or os.environ.get('SMURFPUB_ID', 'undeclared')
        self.script_id = script_id
        self.host = socket.gethostname()
        self.seq_no = 0
        self.action = None
        self.action_ts = None
        backend = os.environ.get('SMURFPUB_BACKEND', 'null')
        self.sock = None
        if backend == 'udp':
            self.addr = (os.environ.get('SMURFPUB_UDP_HOST', 'localhost'), int(os.environ.get('SMURFPUB_UDP_PORT', '8200')))
            self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        elif backend != 'null':
            sys.stderr.write('Publisher: no backend for "%s", selecting null Publisher.\n' % backend)
        self.publish({}, 'start')

    def publish(self, data, msgtype='general'):
        message = {'host': self.host, 'id': self.pub_id, 'script': self.script_id, 'time': time.time(),
                   'seq_no': self.seq_no, 'type': msgtype, 'payload': data}
        self.seq_no += 1
        if self.sock is None:
            return
        payload = json.dumps(message).encode('utf-8')
        if len(payload) > UDP_MAX_BYTES:
            error = 'Backend error: dropped large UDP packet (%d bytes).' % len(payload)
            sys.stderr.write('%s %s\n' % (self, error))
            self.publish({'message': error}, 'backend_error')
            return
        try:
            self.sock.sendto(payload, self.addr)
        except OSError as e:  # fire-and-forget, like pysmurf
            sys.stderr.write('publish failed: %s\n' % e)

    def log(self, message):
        self.publish({'message': message}, 'log')

    def session_data(self, data):
        self.publish(data, 'session_data')

    def session_log(self, message):
        self.publish(message, 'session_log')

    def register_file(self, path, filetype, fmt='', plot=False):
        self.publish({'path': path, 'type': filetype, 'format': fmt, 'timestamp': time.time(),
                      'action': self.action, 'action_ts': self.action_ts, 'plot': plot,
                      'pysmurf_version': PYSMURF_VERSION}, 'data_file')

    def close(self):
        self.publish({}, 'stop')
        if self.sock is not None:
            self.sock.close()
            self.sock = None


def say(text):
    print(text, flush=True)


def stream_id():
    return os.environ.get('SMURFPUB_ID', 'undeclared')


def data_root():
    return os.environ.get('SMURF_DATA_DIR') or os.path.join('/tmp', 'smurf-sim-data')


class Action:
    """An action directory (`<ctime>_<action>`) and its registered files, like pysmurf's set_action."""

    def __init__(self, pub, action):
        self.pub = pub
        self.ctime = int(time.time())
        pub.action = action
        pub.action_ts = str(self.ctime)
        self.dir = os.path.join(data_root(), 'smurf', str(self.ctime)[:5], stream_id(), '%d_%s' % (self.ctime, action))

    def write(self, name, content, filetype, fmt='txt', plot=False):
        folder = os.path.join(self.dir, 'plots' if plot else 'outputs')
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, '%d_%s' % (int(time.time()), name))
        tmp = path + '.part'
        with open(tmp, 'w') as f:
            f.write(content)
        os.replace(tmp, path)  # never a half-written file under the real name
        self.pub.register_file(path, filetype, fmt, plot)
        return path


def option(argv, name, default=None):
    if name in argv:
        i = argv.index(name)
        if i + 1 < len(argv):
            return argv[i + 1]
    return default


def op_params(argv):
    text = option(argv, '--params', '{}')
    try:
        params = json.loads(text)
    except ValueError:
        raise SystemExit('--params is not valid JSON: %r' % text)
    return params if isinstance(params, dict) else {}


def sim_duration(argv, params, default):
    kwargs = params.get('kwargs') or {}
    for value in (option(argv, '--duration'), kwargs.get('sim_duration'), os.environ.get('SMURF_SIM_DURATION')):
        if value is not None:
            return max(0.0, float(value))
    return default


def should_fail(argv, params):
    kwargs = params.get('kwargs') or {}
    if '--fail' in argv:
        return True
    wanted = kwargs.get('sim_fail')
    if wanted is True or (isinstance(wanted, list) and stream_id() in wanted):
        return True
    env = os.environ.get('SMURF_SIM_FAIL', '')
    return env in ('1', 'true', 'yes') or stream_id() in [s.strip() for s in env.split(',') if s.strip()]


def progress(label, duration, steps=None):
    steps = steps or max(2, min(20, int(duration * 4)))
    for i in range(1, steps + 1):
        time.sleep(duration / steps)
        say('%s: %d%%' % (label, round(100 * i / steps)))


def state_path():
    return os.path.join(data_root(), 'state', '%s.json' % stream_id())


def read_state():
    try:
        with open(state_path()) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def update_state(**changes):
    state = read_state()
    state.update(changes)
    os.makedirs(os.path.dirname(state_path()), exist_ok=True)
    tmp = state_path() + '.%d.part' % os.getpid()
    with open(tmp, 'w') as f:
        json.dump(state, f)
    os.replace(tmp, state_path())


def main(body, script_id):
    """Runs body(pub) with a publisher; SIGINT ends it cleanly with exit code 130."""
    pub = Publisher(script_id)
    code = 0
    try:
        code = body(pub) or 0
    except KeyboardInterrupt:
        say('Interrupted by SIGINT: stopping %s' % script_id)
        pub.session_log('%s interrupted by SIGINT' % script_id)
        code = 130
    finally:
        pub.close()
    sys.exit(code)
