// Feeds rendered configs to supervisor's own config parser (Debian's python3-supervisor) and checks that
// argv, environment and paths come back exactly as given.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderSupervisorConfig, type SupervisorProgram } from '../../../../main/testbed/supervisor/config.js';
import { DEBIAN_PYTHON } from '../../../helpers/net.js';

const PARSE = `
import json, shlex, sys
from supervisor.options import ServerOptions
o = ServerOptions()
o.realize(args=['-c', sys.argv[1]])
print(json.dumps({p.name: {'argv': shlex.split(p.command), 'env': p.environment, 'directory': p.directory,
  'log': p.stdout_logfile, 'stopsignal': int(p.stopsignal), 'autorestart': str(p.autorestart)}
  for g in o.process_group_configs for p in g.process_configs}))
`;

const tmp = mkdtempSync(join(tmpdir(), 'sv parse %dir-'));
mkdirSync(join(tmp, 'logs'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function parse(programs: SupervisorProgram[]): Record<string, { argv: string[]; env: Record<string, string> | null; directory: string | null; log: string; stopsignal: number; autorestart: string }> {
  const file = join(tmp, 'supervisord.conf');
  writeFileSync(file, renderSupervisorConfig({ dir: tmp, programs, socketPath: '/tmp/sv-parse-test.sock' }));
  return JSON.parse(execFileSync(DEBIAN_PYTHON, ['-c', PARSE, file], { encoding: 'utf8' }));
}

const TRICKY_ARGS = [
  'plain',
  'two words',
  'a ;comment-like',
  'hash #here',
  `single ' quote`,
  'double " quote',
  'back\\slash',
  '100% sure %(ENV_HOME)s',
  '',
  ' leading',
  'trailing ',
  '\ttab',
  '$HOME `id` $(id) | & > <',
  'ünïcødé ✓',
  '-c=print("x; y")',
];

describe('rendered config read by supervisor 4.2.5 itself', () => {
  it('gives back argv exactly, including spaces, quotes, comment characters and %', () => {
    const parsed = parse([{ name: 'tricky', command: ['/usr/bin/printf', ...TRICKY_ARGS] }]);
    expect(parsed.tricky.argv).toEqual(['/usr/bin/printf', ...TRICKY_ARGS]);
  });

  it('gives back environment values, directory and the per-program log under a path with spaces and %', () => {
    const env = { PLAIN: 'x', SPACED: 'a b c', WITH_DQ: 'say "hi" now', WITH_SQ: "it's", PCT: '50%', HASH: 'a#b;c', EMPTY: '' };
    const parsed = parse([{ name: 'envy', command: ['/bin/true'], environment: env, directory: tmp, stopsignal: 'INT', autorestart: 'unexpected' }]);
    expect(parsed.envy.env).toEqual(env);
    expect(parsed.envy.directory).toBe(tmp);
    expect(parsed.envy.log).toBe(join(tmp, 'logs', 'envy.log'));
    expect(parsed.envy.stopsignal).toBe(2);
    expect(parsed.envy.autorestart).toMatch(/RestartWhenExitUnexpected/);
  });

  it('uses TERM and unconditional autorestart by default', () => {
    const parsed = parse([{ name: 'plain', command: ['/bin/true'] }]);
    expect(parsed.plain.stopsignal).toBe(15);
    expect(parsed.plain.autorestart).toMatch(/RestartUnconditionally/);
  });
});
