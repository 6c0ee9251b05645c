"""Operation sessions and ops of the Python test agent (ocs_agent_peer.py).

A small re-creation of ocs.ocs_agent's OpSession and _ops_handler semantics (spec §1.2-§1.4),
written against twisted only, because the ocs package is not installed here. Reply messages are
the exact strings Python OCS produces, so the TypeScript client is tested against the real thing.
"""
import time

from twisted.internet import reactor
from twisted.internet.defer import Deferred, DeferredList, inlineCallbacks, maybeDeferred, returnValue
from twisted.internet.task import deferLater

OK, ERROR, TIMEOUT = 0, -1, 1
OP_CODE_NAMES = {1: 'NONE', 2: 'STARTING', 3: 'RUNNING', 4: 'STOPPING', 5: 'SUCCEEDED', 6: 'FAILED', 8: 'DEGRADED'}
STATUSES = ['starting', 'running', 'stopping', 'done']


class ParamError(Exception):
    pass


class OpSession:
    """One run of an operation; encoded() matches OpSession.encoded() field for field."""

    def __init__(self, session_id, op_name):
        self.session_id = session_id
        self.op_name = op_name
        self.status = None
        self.degraded = False
        self.success = None
        self.start_time = time.time()
        self.end_time = None
        self.data = {}
        self.messages = []
        self._waiters = []
        self.set_status('starting')

    def add_message(self, text):
        self.messages.append([time.time(), text])

    def set_status(self, status):
        # Forward-only, like SESSION_STATUS_CODES in ocs_agent.py.
        if self.status is not None and STATUSES.index(status) <= STATUSES.index(self.status):
            return
        self.status = status
        self.add_message('Status is now "%s".' % status)
        if status == 'done':
            self.end_time = time.time()
            waiters, self._waiters = self._waiters, []
            for d in waiters:
                d.callback(None)

    def when_done(self):
        d = Deferred()
        if self.status == 'done':
            d.callback(None)
        else:
            self._waiters.append(d)
        return d

    @property
    def op_code(self):
        if self.status == 'starting':
            return 2
        if self.status == 'running':
            return 8 if self.degraded else 3
        if self.status == 'stopping':
            return 4
        if self.status == 'done':
            return 5 if self.success else 6
        return 1

    def encoded(self):
        return {'session_id': self.session_id, 'op_name': self.op_name, 'op_code': self.op_code,
                'cred_level': 1, 'status': self.status, 'degraded': self.degraded,
                'success': self.success, 'start_time': self.start_time, 'end_time': self.end_time,
                'data': self.data, 'messages': self.messages}


class Op:
    """A task or process: run(session, params) -> (ok, message); stopper(session) or None."""

    def __init__(self, name, kind, run, params, docstring, stopper=None):
        self.name, self.kind, self.run, self.params = name, kind, run, params
        self.docstring, self.stopper = docstring, stopper

    def info(self):
        info = {'blocking': False, 'docstring': self.docstring, 'op_type': self.kind, 'min_privs': 1}
        if self.kind == 'task':
            info['abortable'] = self.stopper is not None
        return info

    def check(self, params):
        """Prescreens params like @ocs_agent.param: unknown keys and wrong types are errors."""
        params = dict(params or {})
        strays = [k for k in params if k not in self.params]
        if strays:
            raise ParamError('params included unexpected values: %s' % strays)
        out = {}
        for key, (kind, default) in self.params.items():
            value = params.get(key, default)
            if kind is float and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
                raise ParamError("Param '%s'=%s is not of required type (%s)" % (key, value, kind))
            out[key] = value
        return out


def sleep(seconds):
    return deferLater(reactor, seconds, lambda: None)


@inlineCallbacks
def delay_task(session, params):
    # FakeDataAgent.delay_task, with a 0.1 s step so aborts land quickly.
    delay, succeed = params['delay'], params['succeed']
    session.data = {'requested_delay': delay, 'delay_so_far': 0}
    t0 = time.time()
    while True:
        session.data['delay_so_far'] = time.time() - t0
        sleep_time = min(0.1, delay - session.data['delay_so_far'])
        if sleep_time < 0:
            break
        yield sleep(sleep_time)
        if session.status != 'running':
            returnValue((False, 'Aborted after %.1f seconds' % session.data['delay_so_far']))
    returnValue((succeed, 'Exited after %.1f seconds' % session.data['delay_so_far']))


@inlineCallbacks
def count_process(session, params):
    session.data = {'counter': 0, 'last_update': time.time()}
    while session.status == 'running':
        yield sleep(params['interval'])
        session.data = {'counter': session.data['counter'] + 1, 'last_update': time.time()}
    returnValue((True, 'Stopped after %d counts' % session.data['counter']))


def request_stop(session):
    if session.status == 'running':
        session.set_status('stopping')


class OpsTable:
    """The agent's ops and sessions, answering `{agent}.ops` requests with `[code, msg, session]`."""

    def __init__(self, ops):
        self.ops = {op.name: op for op in ops}
        self.sessions = {op.name: None for op in ops}
        self.next_session_id = 0

    def heartbeat(self):
        return {name: (s.op_code if s else 1) for name, s in self.sessions.items()}

    def listing(self, kind):
        rows = []
        for name, op in sorted(self.ops.items()):
            if op.kind == kind:
                s = self.sessions[name]
                rows.append([name, s.encoded() if s else {'op_name': name, 'status': 'no_history'}, op.info()])
        return rows

    def handle(self, action, op_name, params, timeout):
        if action == 'start':
            return self.start(op_name, params)
        if action == 'wait':
            return self.wait(op_name, timeout)
        if action in ('stop', 'abort'):
            return self.stop(action, op_name)
        if action == 'status':
            return self.status(op_name)
        return [ERROR, 'No implementation for "%s"' % op_name, {}]

    def start(self, op_name, params):
        op = self.ops.get(op_name)
        if op is None:
            return [ERROR, 'No task or process called "%s"' % op_name, {}]
        current = self.sessions[op_name]
        if current is not None and current.status != 'done':
            return [ERROR, 'Operation "%s" already in progress.' % op_name, current.encoded()]
        # OCS clears a finished session before checking params (spec §1.2).
        self.sessions[op_name] = None
        try:
            params = op.check(params if isinstance(params, dict) else {})
        except ParamError as e:
            return [ERROR, str(e), {}]
        session = OpSession(self.next_session_id, op_name)
        self.next_session_id += 1
        self.sessions[op_name] = session
        reactor.callLater(0, self._launch, op, session, params)
        return [OK, 'Started %s "%s".' % (op.kind, op_name), session.encoded()]

    def _launch(self, op, session, params):
        session.set_status('running')

        def finished(result):
            ok, message = result
            session.success = bool(ok)
            session.add_message(message)
            session.set_status('done')

        def crashed(failure):
            session.success = False
            session.add_message('CRASH: %s' % failure.getErrorMessage())
            session.set_status('done')

        maybeDeferred(op.run, session, params).addCallbacks(finished, crashed)

    @inlineCallbacks
    def wait(self, op_name, timeout):
        if op_name not in self.ops:
            returnValue([ERROR, 'Unknown operation "%s".' % op_name, {}])
        session = self.sessions[op_name]
        if session is None:
            returnValue([OK, 'Idle.', {}])
        if timeout is None:
            yield session.when_done()
        elif timeout > 0 and session.status != 'done':
            yield DeferredList([session.when_done(), sleep(timeout)], fireOnOneCallback=True)
        if session.status == 'done':
            returnValue([OK, 'Operation "%s" is currently not running (%s).' % (op_name, OP_CODE_NAMES[session.op_code]), session.encoded()])
        returnValue([TIMEOUT, 'Operation "%s" still running; wait timed out.' % op_name, session.encoded()])

    def stop(self, action, op_name):
        op = self.ops.get(op_name)
        if op is None:
            return [ERROR, 'No operation called "%s".' % op_name, {}]
        if action != ('abort' if op.kind == 'task' else 'stop'):
            # The literal {op_type} reproduces an f-string slip in ocs_agent.py.
            return [ERROR, 'Cannot "%s" "%s" because it is a "{op_type}".' % (action, op_name), {}]
        session = self.sessions[op_name]
        if session is None:
            return [ERROR, 'No session active.', {}]
        if session.status in ('stopping', 'done'):
            return [ERROR, 'The operation is already %s' % session.status, {}]
        if op.stopper is not None:
            reactor.callLater(0, op.stopper, session)
        return [OK, 'Requested %s on %s %s".' % (action, op.kind, op_name), session.encoded()]

    def status(self, op_name):
        if op_name not in self.ops:
            return [ERROR, 'No task or process called "%s"' % op_name, {}]
        session = self.sessions[op_name]
        if session is None:
            return [OK, 'No session active.', {}]
        return [OK, 'Session active.', session.encoded()]
