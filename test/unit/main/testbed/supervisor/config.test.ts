import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  MAX_SOCKET_PATH_BYTES,
  renderSupervisorConfig,
  supervisorPaths,
  supervisorSocketPath,
  writeFileAtomically,
} from '../../../../../main/testbed/supervisor/config.js';
import { quoteCommandArg, quoteEnvironment } from '../../../../../main/testbed/supervisor/config-quote.js';
import { SupervisorConfigError } from '../../../../../main/testbed/supervisor/errors.js';

const dir = '/data/station/testbed';
const agent = { name: 'data-agent', command: ['node', 'agent.js', '--name', 'a b'] };

describe('renderSupervisorConfig', () => {
  it('renders the socket, daemon, rpc, ctl and program sections under dir', () => {
    const text = renderSupervisorConfig({ dir, user: 'alice', programs: [{ ...agent, directory: '/work', environment: { SWF_TESTBED_CONFIG: 'testbed.toml' } }] });
    expect(text).toContain('[unix_http_server]\nfile=/data/station/testbed/supervisor-alice.sock\nchmod=0700\n');
    expect(text).toContain('logfile=/data/station/testbed/logs/supervisord.log');
    expect(text).toContain('pidfile=/data/station/testbed/supervisord.pid');
    expect(text).toContain('childlogdir=/data/station/testbed/logs');
    expect(text).toContain('nodaemon=false');
    expect(text).toContain('supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface');
    expect(text).toContain('[supervisorctl]\nserverurl=unix:///data/station/testbed/supervisor-alice.sock');
    expect(text).toContain(
      [
        '[program:data-agent]',
        'command=node agent.js --name a\\ b',
        'directory=/work',
        'environment=SWF_TESTBED_CONFIG="testbed.toml"',
        'autostart=false',
        'autorestart=true',
        'startsecs=1',
        'startretries=3',
        'stopsignal=TERM',
        'stopwaitsecs=10',
        'stopasgroup=true',
        'killasgroup=true',
        'redirect_stderr=true',
        'stdout_logfile=/data/station/testbed/logs/data-agent.log',
      ].join('\n'),
    );
  });

  it('honours per-program overrides', () => {
    const text = renderSupervisorConfig({ dir, user: 'u', programs: [{ ...agent, autorestart: 'unexpected', autostart: true, stopsignal: 'INT', stopwaitsecs: 3, startsecs: 0, startretries: 1 }] });
    expect(text).toMatch(/autostart=true\nautorestart=unexpected\nstartsecs=0\nstartretries=1\nstopsignal=INT\nstopwaitsecs=3\n/);
  });

  it('is deterministic whatever the program order (so unchanged programs mean an unchanged file)', () => {
    const other = { name: 'runner', command: ['node', 'runner.js'] };
    expect(renderSupervisorConfig({ dir, user: 'u', programs: [agent, other] })).toBe(renderSupervisorConfig({ dir, user: 'u', programs: [other, agent] }));
  });

  it('rejects bad names, duplicates, empty commands, newlines and negative times with the program named', () => {
    const render = (p: object) => () => renderSupervisorConfig({ dir, user: 'u', programs: [{ ...agent, ...p }] });
    expect(render({ name: 'a:b' })).toThrow(SupervisorConfigError);
    expect(render({ name: 'a:b' })).toThrow(/program name "a:b" is not allowed/);
    expect(render({ command: [] })).toThrow(/program "data-agent": command is empty/);
    expect(render({ command: ['node', 'line1\nline2'] })).toThrow(/program "data-agent" command argument 1 contains a newline/);
    expect(render({ directory: '/tmp/x ;y' })).toThrow(/program "data-agent" directory contains a space followed by ";"/);
    expect(render({ stopwaitsecs: -1 })).toThrow(/stopwaitsecs must be a whole number/);
    expect(() => renderSupervisorConfig({ dir, user: 'u', programs: [agent, agent] })).toThrow(/program "data-agent" is defined twice/);
  });
});

describe('quoting', () => {
  it('leaves plain arguments alone and escapes the rest for configparser and shlex', () => {
    expect(quoteCommandArg('--port=8080')).toBe('--port=8080');
    expect(quoteCommandArg('100%')).toBe('100%%');
    expect(quoteCommandArg('')).toBe("''");
    expect(quoteCommandArg(`a ;b "c" 'd'`)).toBe(`a\\ \\;b\\ \\"c\\"\\ \\'d\\'`);
    expect(quoteCommandArg('trailing ')).toBe("trailing\\ ''");
  });

  it('quotes environment values and rejects the ones supervisord cannot carry', () => {
    expect(quoteEnvironment({ B: 'x y', A: 'say "hi" now', C: '' }, 'p')).toBe(`A='say "hi" now',B="x y",C=""`);
    expect(() => quoteEnvironment({ '1X': 'v' }, 'p')).toThrow(/environment 1X: the name must be/);
    expect(() => quoteEnvironment({ X: '"quoted"' }, 'p')).toThrow(/strips quotes at the start or end/);
    expect(() => quoteEnvironment({ X: `it's "x" ok` }, 'p')).toThrow(/both ' and "/);
    expect(() => quoteEnvironment({ X: 'a #b' }, 'p')).toThrow(/starts a comment/);
    expect(() => quoteEnvironment({ X: '%(here)s/x' }, 'p')).toThrow(/contains "%\(here\)s"/);
  });
});

describe('socket path', () => {
  it('is per user under the testbed directory', () => {
    expect(supervisorSocketPath(dir, 'alice')).toBe('/data/station/testbed/supervisor-alice.sock');
    expect(supervisorSocketPath(dir, 'bob')).not.toBe(supervisorSocketPath(dir, 'alice'));
    expect(supervisorPaths('/data/station', 'alice').socketPath).toBe('/data/station/testbed/supervisor-alice.sock');
  });

  it('falls back to a short /tmp path with the user and a hash of the directory when too long', () => {
    const long = `/data/${'x'.repeat(120)}/testbed`;
    const socket = supervisorSocketPath(long, 'alice');
    expect(socket).toMatch(/^\/tmp\/station-sv-alice-[0-9a-f]{12}\.sock$/);
    expect(Buffer.byteLength(socket)).toBeLessThanOrEqual(MAX_SOCKET_PATH_BYTES);
    expect(supervisorSocketPath(`${long}2`, 'alice')).not.toBe(socket);
  });
});

describe('writeFileAtomically', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'sv-atomic-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('writes, reports whether the content changed and leaves no temporary file', () => {
    const file = join(tmp, 'supervisord.conf');
    expect(writeFileAtomically(file, 'one\n')).toBe(true);
    expect(writeFileAtomically(file, 'one\n')).toBe(false);
    expect(writeFileAtomically(file, 'two\n')).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('two\n');
    expect(readdirSync(tmp)).toEqual(['supervisord.conf']);
  });
});
