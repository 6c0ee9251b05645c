#!/usr/bin/python3
"""A Python stand-in for an OCS agent, for tests of the TypeScript client and router.

Joins like OCSAgent.onJoin (spec §1.1): registers `{root}.{iid}.ops`, then `{root}.{iid}`, then
publishes a heartbeat `[[{op: op_code}, feed_info]]` on `{root}.{iid}.feeds.heartbeat` every 1 s,
the first one at once. Ops: process `count(interval=0.1)`, tasks `set_heartbeat(heartbeat=True)`
and `delay_task(delay=5., succeed=True)` (abortable).

Lines on stdout (flushed) that tests wait for:
    peer ready <address>            after both registrations
    ops-call {"args":[..],"kwargs":{..}}   every ops call, as this agent received it
    heartbeat on | heartbeat off    after set_heartbeat or SIGUSR1 (which toggles)

Run with Debian's python: /usr/bin/python3 ocs_agent_peer.py --url ws://127.0.0.1:8001/ws ...
"""
import argparse
import json
import os
import signal
import socket
import sys
import time

from autobahn.twisted.wamp import ApplicationRunner, ApplicationSession
from autobahn.wamp.serializer import JsonSerializer, MsgPackSerializer
from twisted.internet import reactor
from twisted.internet.defer import inlineCallbacks
from twisted.internet.task import LoopingCall

from ocs_peer_ops import Op, OpsTable, count_process, delay_task, request_stop


def say(line):
    # sys.__stdout__: once the reactor runs, txaio's logging has replaced sys.stdout.
    sys.__stdout__.write(line + '\n')
    sys.__stdout__.flush()


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--url', required=True, help='router WebSocket URL, e.g. ws://127.0.0.1:8001/ws')
    parser.add_argument('--realm', default='test_realm')
    parser.add_argument('--address-root', default='observatory')
    parser.add_argument('--instance-id', default='fake-data1')
    parser.add_argument('--agent-class', default='FakeDataAgent')
    parser.add_argument('--serializer', choices=['json', 'msgpack'], default='json')
    parser.add_argument('--access-control', action='store_true',
                        help='advertise access_control in get_api and accept the password kwarg (ocs >= 0.12)')
    parser.add_argument('--reconnect', action='store_true',
                        help="rejoin when the router goes away (autobahn's auto_reconnect, retrying every 0.25 to 1 s)")
    return parser.parse_args(argv)


class OCSAgent(ApplicationSession):
    """Named like the real class so TypeErrors read 'OCSAgent._ops_handler() got ...'."""

    def __init__(self, config, options):
        ApplicationSession.__init__(self, config)
        self.options = options
        self.address = '%s.%s' % (options.address_root, options.instance_id)
        self.agent_session_id = str(time.time())
        self.heartbeat_on = True
        self.heartbeats = None
        self.table = OpsTable([
            Op('count', 'process', count_process, {'interval': (float, 0.1)},
               'count(interval=0.1)\n\n  **Process** - count up until stopped.', stopper=request_stop),
            Op('set_heartbeat', 'task', self._set_heartbeat, {'heartbeat': (bool, True)},
               'set_heartbeat(heartbeat=True)\n\n  **Task** - turn the heartbeat on or off.'),
            Op('delay_task', 'task', delay_task, {'delay': (float, 5.0), 'succeed': (bool, True)},
               'delay_task(delay=5, succeed=True)\n\n  **Task** (abortable) - wait, then succeed or fail.',
               stopper=request_stop),
        ])

    def feed_info(self):
        return {'agent_address': self.address, 'agg_params': {}, 'feed_name': 'heartbeat',
                'address': self.address + '.feeds.heartbeat', 'record': False,
                'session_id': self.agent_session_id, 'agent_class': self.options.agent_class}

    @inlineCallbacks
    def onJoin(self, details):
        try:
            yield self.register(self._ops_entry, self.address + '.ops')
            yield self.register(self._management_handler, self.address)
        except Exception as e:
            say('register failed: %s' % e)
            self.leave()
            return
        self.heartbeats = LoopingCall(self._heartbeat)
        self.heartbeats.start(1.0, now=True)
        say('peer ready %s' % self.address)

    def onLeave(self, details):
        if self.heartbeats is not None and self.heartbeats.running:
            self.heartbeats.stop()
        self.disconnect()

    def onDisconnect(self):
        if reactor.running and not self.options.reconnect:
            reactor.stop()

    def _heartbeat(self):
        if self.heartbeat_on:
            self.publish(self.address + '.feeds.heartbeat', (self.table.heartbeat(), self.feed_info()))

    def set_heartbeat(self, on):
        self.heartbeat_on = on
        say('heartbeat %s' % ('on' if on else 'off'))

    def _set_heartbeat(self, session, params):
        self.set_heartbeat(params['heartbeat'])
        return True, 'Set heartbeat_on: %s.' % params['heartbeat']

    def _ops_entry(self, *args, **kwargs):
        say('ops-call ' + json.dumps({'args': list(args), 'kwargs': kwargs}))
        if 'password' in kwargs and not self.options.access_control:
            # Agents older than v0.12 have no password parameter (spec §1.2).
            raise TypeError("OCSAgent._ops_handler() got an unexpected keyword argument 'password'")
        return self._ops_handler(*args, **kwargs)

    def _ops_handler(self, action, op_name, params=None, timeout=None, password=None):
        return self.table.handle(action, op_name, params, timeout)

    def _management_handler(self, q, **kwargs):
        if q == 'get_api':
            api = {'agent_class': self.options.agent_class, 'instance_hostname': socket.gethostname(),
                   'instance_pid': os.getpid(), 'feeds': [['heartbeat', self.feed_info()]],
                   'processes': self.table.listing('process'), 'tasks': self.table.listing('task')}
            if self.options.access_control:
                api['access_control'] = {'version': 1, 'policy': 'none', 'update_timestamp': time.time(),
                                         'update_count': 0, 'step': 0}
            return api
        if q == 'get_tasks':
            return self.table.listing('task')
        if q == 'get_processes':
            return self.table.listing('process')
        if q == 'get_feeds':
            return [['heartbeat', self.feed_info()]]
        if q == 'get_agent_class':
            return self.options.agent_class
        return None


def main(argv):
    options = parse_args(argv)
    serializer = MsgPackSerializer() if options.serializer == 'msgpack' else JsonSerializer()
    sessions = []

    def make(config):
        session = OCSAgent(config, options)
        sessions.append(session)
        return session

    def toggle_heartbeat(*_):
        if sessions:
            reactor.callFromThread(lambda: sessions[-1].set_heartbeat(not sessions[-1].heartbeat_on))

    signal.signal(signal.SIGUSR1, toggle_heartbeat)
    # Each rejoin gets a new session from make(); the retry delays stay short so a test measures the router, not the backoff.
    retry = dict(max_retries=-1, initial_retry_delay=0.25, max_retry_delay=1.0, retry_delay_jitter=0.1) if options.reconnect else {}
    runner = ApplicationRunner(options.url, options.realm, serializers=[serializer], **retry)
    runner.run(make, log_level=os.environ.get('PEER_LOG_LEVEL', 'warn'), auto_reconnect=options.reconnect)


if __name__ == '__main__':
    main(sys.argv[1:])
