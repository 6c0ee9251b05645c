import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkLogMode, fileLogLine, logTimestamp, ScriptLog } from '../../../../../main/agents/pysmurf-controller/script-log.js';
import { silentLogger, type OcsLogger } from '../../../../../main/ocs/logger.js';
import { OpSession } from '../../../../../main/ocs/session.js';

const dir = mkdtempSync(join(tmpdir(), 'script-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('file log format', () => {
  it('stamps lines like the ocs file log: YYYY-MM-DDTHH-MM-SS.ffffff in UTC', () => {
    const date = new Date(Date.UTC(2024, 4, 13, 9, 8, 7, 65));
    expect(logTimestamp(date)).toBe('2024-05-13T09-08-07.065000');
    expect(fileLogLine('tuning band 3', date)).toBe('2024-05-13T09-08-07.065000 tuning band 3\n');
  });
});

describe('checkLogMode', () => {
  it('accepts booleans and absolute paths in writable directories', () => {
    expect(checkLogMode(true)).toBeNull();
    expect(checkLogMode(false)).toBeNull();
    expect(checkLogMode(join(dir, 'new.log'))).toBeNull();
  });

  it('refuses relative paths, missing directories, directories and other types with a clear reason', () => {
    expect(checkLogMode('logs/run.log')).toMatch(/must be absolute/);
    expect(checkLogMode(join(dir, 'missing', 'run.log'))).toMatch(/does not exist or is not writable/);
    expect(checkLogMode(dir)).toMatch(/not a regular file/);
    expect(checkLogMode(3)).toMatch(/must be true, false or an absolute file path/);
    expect(checkLogMode('')).toMatch(/must be true, false or an absolute file path/);
  });

  it('refuses a file that is not writable', () => {
    if (process.getuid?.() === 0) return expect(checkLogMode(join(dir, 'x.log'))).toBeNull(); // root may write anything
    const path = join(dir, 'readonly.log');
    writeFileSync(path, '');
    chmodSync(path, 0o444);
    expect(checkLogMode(path)).toMatch(/not writable/);
  });
});

describe('ScriptLog', () => {
  function collect() {
    const errors: string[] = [];
    const logger: OcsLogger = { ...silentLogger, error: (m) => errors.push(m) };
    const recorded: string[] = [];
    return { errors, logger, recorded, record: (stream: string, text: string) => recorded.push(`${stream}:${text}`) };
  }

  it('log=true: lines become session messages (only the newest N stay), stderr is logged as an error, all lines recorded', () => {
    const session = new OpSession(1, 'run');
    const { errors, logger, recorded, record } = collect();
    const log = new ScriptLog({ mode: true, script: '/s/tune.py', session, logger, maxSessionLines: 10, record });
    for (let i = 0; i < 50; i++) log.line('stdout', `line ${i}`, 1000 + i);
    log.line('stderr', 'oops', 2000);
    const texts = session.messages.map(([, text]) => text);
    expect(texts[0]).toBe('Status is now "starting".');
    expect(texts).toContain('oops');
    expect(texts).toContain('line 49');
    expect(texts).not.toContain('line 0');
    expect(texts.length).toBeLessThanOrEqual(1 + Math.ceil(10 * 1.25));
    expect(errors).toEqual(['tune.py: oops']);
    expect(recorded).toHaveLength(51);
  });

  it('log=path: lines are appended to the file with timestamps, not to the session', async () => {
    const path = join(dir, 'run.log');
    writeFileSync(path, 'earlier\n');
    const session = new OpSession(2, 'run');
    const { logger, recorded, record } = collect();
    const log = new ScriptLog({ mode: path, script: '/s/tune.py', session, logger, maxSessionLines: 10, record });
    log.line('stdout', 'first', Date.UTC(2024, 0, 2, 3, 4, 5) / 1000);
    log.line('stderr', 'second', Date.UTC(2024, 0, 2, 3, 4, 6) / 1000);
    await log.close();
    expect(readFileSync(path, 'utf8')).toBe('earlier\n2024-01-02T03-04-05.000000 first\n2024-01-02T03-04-06.000000 [stderr] second\n');
    expect(session.messages).toHaveLength(1);
    expect(recorded).toEqual(['stdout:first', 'stderr:second']);
  });

  it('log=false: nothing is logged, only stderr reaches the recorder', () => {
    const session = new OpSession(3, 'run');
    const { errors, logger, recorded, record } = collect();
    const log = new ScriptLog({ mode: false, script: '/s/tune.py', session, logger, maxSessionLines: 10, record });
    log.line('stdout', 'quiet', 1);
    log.line('stderr', 'still captured', 2);
    expect(session.messages).toHaveLength(1);
    expect(errors).toEqual([]);
    expect(recorded).toEqual(['stderr:still captured']);
  });
});
