#!/usr/bin/python3
"""An autobahn session that names invalid URIs (empty components) and checks it survives.

Joins, then for each of CALL, REGISTER, SUBSCRIBE and PUBLISH (acknowledge) with the URI `<root>..bad`
prints one JSON line {"request": ..., "error": uri, "args": [...]} (or {"request", "ok": true} if the
router accepted it), then proves the same session still works (registers and calls a procedure of its
own: {"request": "healthy-call", "result": 42}) and prints `peer done`.

autobahn checks URIs before sending, so this peer turns that check off: it stands for a client that
does not (another WAMP library, a hand-built frame) and shows what an autobahn session then receives.
"""
import argparse
import json
import sys

from autobahn.twisted.wamp import ApplicationRunner, ApplicationSession
from autobahn.wamp import message
from autobahn.wamp.exception import ApplicationError
from autobahn.wamp.serializer import JsonSerializer
from autobahn.wamp.types import PublishOptions
from twisted.internet import reactor
from twisted.internet.defer import inlineCallbacks


def say(line):
    # sys.__stdout__: txaio's logging replaces sys.stdout once the reactor runs.
    sys.__stdout__.write(line + '\n')
    sys.__stdout__.flush()


def send_uris_unchecked():
    # protocol.py looks the check up on the module at each call, so replacing it reaches every request.
    message.check_or_raise_uri = lambda value, *args, **kwargs: value


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--url', required=True)
    parser.add_argument('--realm', default='test_realm')
    parser.add_argument('--address-root', default='observatory')
    options = parser.parse_args(argv)
    send_uris_unchecked()
    bad = options.address_root + '..bad'
    good = options.address_root + '.uri-peer.add'

    class Peer(ApplicationSession):
        @inlineCallbacks
        def onJoin(self, details):
            requests = [
                ('call', lambda: self.call(bad, 1)),
                ('register', lambda: self.register(lambda: None, bad)),
                ('subscribe', lambda: self.subscribe(lambda *a: None, bad)),
                ('publish', lambda: self.publish(bad, 1, options=PublishOptions(acknowledge=True))),
            ]
            for name, request in requests:
                try:
                    yield request()
                    say(json.dumps({'request': name, 'ok': True}))
                except ApplicationError as e:
                    say(json.dumps({'request': name, 'error': e.error, 'args': list(e.args)}))
            yield self.register(lambda a, b: a + b, good)
            say(json.dumps({'request': 'healthy-call', 'result': (yield self.call(good, 40, 2))}))
            say('peer done')
            self.leave()

        def onDisconnect(self):
            if reactor.running:
                reactor.stop()

    ApplicationRunner(options.url, options.realm, serializers=[JsonSerializer()]).run(Peer, log_level='warn')


if __name__ == '__main__':
    main(sys.argv[1:])
