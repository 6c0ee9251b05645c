#!/usr/bin/python3
"""A Python OCS caller for tests: drives an agent's ops over WAMP or the HTTP bridge.

Runs a list of steps in order and prints one JSON line per step, then `caller done`:
    {"step": "start:delay_task", "reply": [code, message, session]}
    {"step": "wait:nope", "error": "wamp.error.no_such_procedure", "args": [...], "kwargs": {}}

Steps:
    start:OP[:JSON_PARAMS]   wait:OP[:TIMEOUT_S]   status:OP   abort:OP   stop:OP
    api                      (the management query get_api; printed as {"step","result"})

Transports (the first argument):
    wamp  like client_t.OperationClient: CALL {agent}.ops [action, op] {params, timeout}
          (--layout ocsweb: [action, op, params] with [] as params for status/stop/abort, like ocs-web)
    http  like ocs.ocs_client.OCSClient: requests.post(url, data=json.dumps(body)), so no
          Content-Type header; args [action, op, params], kwargs {} or {timeout} for wait,
          plus {password} when --password is given and get_api advertises access_control.

Example:
    /usr/bin/python3 ocs_caller_peer.py http --url http://127.0.0.1:8001/call \\
        --agent observatory.fake-data1 'start:delay_task:{"delay": 0.2}' wait:delay_task
"""
import argparse
import json
import sys


def say(line):
    # sys.__stdout__: in WAMP mode txaio's logging replaces sys.stdout once the reactor runs.
    sys.__stdout__.write(line + '\n')
    sys.__stdout__.flush()


def parse_step(text):
    """'start:delay_task:{"delay": 1}' -> ('start', 'delay_task', {'delay': 1})."""
    parts = text.split(':', 2)
    action = parts[0]
    op_name = parts[1] if len(parts) > 1 else None
    extra = parts[2] if len(parts) > 2 else None
    if action == 'api':
        return action, None, None
    if op_name is None:
        raise SystemExit('step %r needs an operation name (ACTION:OP)' % text)
    if action == 'start':
        return action, op_name, json.loads(extra) if extra else {}
    if action == 'wait':
        return action, op_name, float(extra) if extra else None
    if action in ('status', 'abort', 'stop'):
        return action, op_name, None
    raise SystemExit('unknown step action %r' % action)


def report(step, reply=None, result=None, error=None):
    line = {'step': step}
    if error is not None:
        line.update(error)
    elif result is not None:
        line['result'] = result
    else:
        line['reply'] = list(reply)
    say(json.dumps(line))


def run_http(options):
    import requests

    def call(procedure, *args, **kwargs):
        # Exactly ocs/client_http.py ControlClient.call: data=<str>, no headers, no timeout.
        params = json.dumps({'procedure': procedure, 'args': args, 'kwargs': kwargs})
        try:
            r = requests.post(options.url, data=params)
        except requests.exceptions.ConnectionError as e:
            return None, {'error': 'client_http.error.connection_error', 'args': ['Connection error:', str(e)], 'kwargs': {}}
        if r.status_code != 200:
            return None, {'error': 'client_http.error.request_error',
                          'args': ['Server replied with code %i' % r.status_code], 'kwargs': {}}
        decoded = r.json()
        if 'error' in decoded:
            return None, {'error': decoded['error'], 'args': decoded.get('args', []), 'kwargs': decoded.get('kwargs', {})}
        return decoded['args'][0], None

    password_kwargs = {}
    if options.password:
        api, error = call(options.agent, 'get_api')
        if error is None and 'access_control' in api:
            password_kwargs = {'password': options.password}
    for text in options.steps:
        action, op_name, extra = parse_step(text)
        if action == 'api':
            result, error = call(options.agent, 'get_api')
            report(text, result=result, error=error)
            continue
        kwargs = dict(password_kwargs)
        if action == 'wait':
            kwargs['timeout'] = extra
        params = extra if action == 'start' else {}
        reply, error = call(options.agent + '.ops', action, op_name, params, **kwargs)
        report(text, reply=reply, error=error)
    say('caller done')


def run_wamp(options):
    from autobahn.twisted.wamp import ApplicationRunner, ApplicationSession
    from autobahn.wamp.exception import ApplicationError
    from autobahn.wamp.serializer import JsonSerializer, MsgPackSerializer
    from twisted.internet import reactor
    from twisted.internet.defer import inlineCallbacks

    class Caller(ApplicationSession):
        @inlineCallbacks
        def onJoin(self, details):
            for text in options.steps:
                action, op_name, extra = parse_step(text)
                try:
                    if action == 'api':
                        report(text, result=(yield self.call(options.agent, 'get_api')))
                        continue
                    if options.layout == 'ocsweb':
                        params = extra if action == 'start' else ({} if action == 'wait' else [])
                        reply = yield self.call(options.agent + '.ops', action, op_name, params)
                    else:
                        reply = yield self.call(options.agent + '.ops', action, op_name,
                                                params=extra if action == 'start' else None,
                                                timeout=extra if action == 'wait' else None)
                    report(text, reply=reply)
                except ApplicationError as e:
                    report(text, error={'error': e.error, 'args': list(e.args), 'kwargs': e.kwargs or {}})
            say('caller done')
            self.leave()

        def onDisconnect(self):
            if reactor.running:
                reactor.stop()

    serializer = MsgPackSerializer() if options.serializer == 'msgpack' else JsonSerializer()
    ApplicationRunner(options.url, options.realm, serializers=[serializer]).run(Caller, log_level='warn')


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument('transport', choices=['wamp', 'http'])
    parser.add_argument('--url', required=True, help='ws://host:port/ws for wamp, http://host:port/call for http')
    parser.add_argument('--realm', default='test_realm', help='WAMP realm (wamp only)')
    parser.add_argument('--serializer', choices=['json', 'msgpack'], default='json', help='(wamp only)')
    parser.add_argument('--layout', choices=['client_t', 'ocsweb'], default='client_t', help='(wamp only)')
    parser.add_argument('--password', help='(http only) sent when get_api has access_control')
    parser.add_argument('--agent', required=True, help='agent address, e.g. observatory.fake-data1')
    parser.add_argument('steps', nargs='+', metavar='STEP')
    options = parser.parse_args(argv)
    for text in options.steps:
        parse_step(text)  # fail fast on a typo, before connecting
    (run_http if options.transport == 'http' else run_wamp)(options)


if __name__ == '__main__':
    main(sys.argv[1:])
