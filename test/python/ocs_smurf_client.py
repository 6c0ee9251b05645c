#!/usr/bin/python3
"""A Python OCS client for a PysmurfController, like an observer's script: drives `run` and
`abort` over WAMP (Debian python3-autobahn, client_t.OperationClient call layout).

Prints one JSON line per step, then `client done`:
    {"step": "run.start", "reply": [code, message, session]}

Commands:
    run SCRIPT [ARG...]            start run(script, args), then wait for it
    run-abort SCRIPT [ARG...]      start run, poll its status until a session message matches
                                   --until, start the controller's abort task, wait for abort and run

Example:
    /usr/bin/python3 ocs_smurf_client.py --url ws://127.0.0.1:8001/ws \\
        --agent observatory.pysmurf-controller-c1s2 run-abort hello_smurf.py --duration 30 --until '^line 2 '
"""
import argparse
import json
import re
import sys


def say(line):
    # sys.__stdout__: txaio's logging replaces sys.stdout once the reactor runs.
    sys.__stdout__.write(line + '\n')
    sys.__stdout__.flush()


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument('--url', required=True)
    parser.add_argument('--realm', default='test_realm')
    parser.add_argument('--agent', required=True, help='controller address, e.g. observatory.pysmurf-controller-c1s2')
    parser.add_argument('--until', default='.', help='run-abort: abort once a run session message matches this regex')
    parser.add_argument('--timeout', type=float, default=20.0, help='run-abort: give up waiting for --until after this many seconds')
    parser.add_argument('command', choices=['run', 'run-abort'])
    parser.add_argument('script')
    parser.add_argument('args', nargs=argparse.REMAINDER)
    options = parser.parse_args(argv)

    from autobahn.twisted.wamp import ApplicationRunner, ApplicationSession
    from autobahn.twisted.util import sleep
    from autobahn.wamp.serializer import JsonSerializer
    from twisted.internet import reactor
    from twisted.internet.defer import inlineCallbacks, returnValue

    until = re.compile(options.until)

    class Client(ApplicationSession):
        @inlineCallbacks
        def op(self, step, action, name, params=None, timeout=None):
            reply = yield self.call(options.agent + '.ops', action, name, params=params, timeout=timeout)
            say(json.dumps({'step': step, 'reply': list(reply)}))
            returnValue(reply)

        @inlineCallbacks
        def onJoin(self, details):
            try:
                params = {'script': options.script, 'args': options.args}
                yield self.op('run.start', 'start', 'run', params)
                if options.command == 'run-abort':
                    waited = 0.0
                    while True:
                        code, _, session = yield self.call(options.agent + '.ops', 'status', 'run')
                        texts = [text for _, text in session.get('messages', [])]
                        if any(until.search(t) for t in texts):
                            break
                        if session.get('status') == 'done' or waited > options.timeout:
                            say(json.dumps({'step': 'until', 'error': 'no message matched %s' % options.until, 'messages': texts}))
                            break
                        yield sleep(0.05)
                        waited += 0.05
                    yield self.op('abort.start', 'start', 'abort', {})
                    yield self.op('abort.wait', 'wait', 'abort')
                yield self.op('run.wait', 'wait', 'run')
            except Exception as e:  # report, never hang
                say(json.dumps({'step': 'error', 'error': repr(e)}))
            say('client done')
            self.leave()

        def onDisconnect(self):
            if reactor.running:
                reactor.stop()

    ApplicationRunner(options.url, options.realm, serializers=[JsonSerializer()]).run(Client, log_level='warn')


if __name__ == '__main__':
    main(sys.argv[1:])
