#!/usr/bin/python3
"""A Python autobahn (Twisted) peer for the router-authorization tests.

Joins with ticket authentication (or anonymously without --authid), then tries each step and prints
one JSON line per step, then `peer done`:
    {"step": "register:obs.x.ops", "ok": true}
    {"step": "call:obs.x.ops", "ok": false, "error": "wamp.error.not_authorized", "args": [...]}
A refused join prints {"join": "refused", "reason": ..., "message": ...} and `peer done`.

Steps: register:URI  call:URI  subscribe:URI  publish:URI (with acknowledge)
"""
import argparse
import json
import sys

from autobahn.twisted.wamp import ApplicationRunner, ApplicationSession
from autobahn.wamp.exception import ApplicationError
from autobahn.wamp.types import PublishOptions
from autobahn.wamp.serializer import JsonSerializer
from twisted.internet.defer import inlineCallbacks


def say(value):
    # sys.__stdout__: txaio's logging replaces sys.stdout once the reactor runs.
    sys.__stdout__.write((value if isinstance(value, str) else json.dumps(value)) + '\n')
    sys.__stdout__.flush()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--url', required=True)
    parser.add_argument('--realm', default='test_realm')
    parser.add_argument('--authid')
    parser.add_argument('--ticket', default='')
    parser.add_argument('steps', nargs='*')
    options = parser.parse_args()

    class Peer(ApplicationSession):
        def onConnect(self):
            if options.authid:
                self.join(self.config.realm, ['ticket'], options.authid)
            else:
                self.join(self.config.realm)

        def onChallenge(self, challenge):
            return options.ticket

        @inlineCallbacks
        def onJoin(self, details):
            say({'join': 'welcome', 'authid': details.authid, 'authrole': details.authrole, 'authmethod': details.authmethod})
            for step in options.steps:
                action, uri = step.split(':', 1)
                try:
                    if action == 'register':
                        yield self.register(lambda *args: 'ok', uri)
                    elif action == 'call':
                        yield self.call(uri)
                    elif action == 'subscribe':
                        yield self.subscribe(lambda *args: None, uri)
                    elif action == 'publish':
                        yield self.publish(uri, 1, options=PublishOptions(acknowledge=True))
                    say({'step': step, 'ok': True})
                except ApplicationError as error:
                    say({'step': step, 'ok': False, 'error': error.error, 'args': list(error.args)})
            self.leave()

        def onLeave(self, details):
            if details.reason not in ('wamp.close.normal', 'wamp.close.goodbye_and_out'):
                say({'join': 'refused', 'reason': details.reason, 'message': details.message})
            self.disconnect()

        def onDisconnect(self):
            say('peer done')
            from twisted.internet import reactor
            if reactor.running:
                reactor.stop()

    ApplicationRunner(options.url, options.realm, serializers=[JsonSerializer()]).run(Peer, log_level='error')


if __name__ == '__main__':
    main()
