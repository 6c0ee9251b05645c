import { mkdtempSync, realpathSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SMURF_SITE_FILE, loadSmurfSite } from '../../../../../main/agents/pysmurf-controller/site-config.js';

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'smurf-site-')));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function siteFile(text: string): string {
  const file = join(dir, `site-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text);
  return file;
}

describe('loadSmurfSite', () => {
  it('loads the simulated crate shipped in resources/smurf', () => {
    const site = loadSmurfSite(DEFAULT_SMURF_SITE_FILE, { dataDir: join(dir, 'data') });
    expect(site.scriptDirs).toHaveLength(1);
    expect(site.scriptDirs[0]).toMatch(/resources\/smurf\/scripts$/);
    expect(site.slots.map((s) => [s.crate, s.slot, s.streamId])).toEqual([
      [1, 2, 'crate1slot2'],
      [1, 3, 'crate1slot3'],
      [1, 4, 'crate1slot4'],
      [1, 5, 'crate1slot5'],
    ]);
    expect(Object.keys(site.opScripts).sort()).toEqual(
      ['all_off', 'bias_dets', 'check_state', 'set_biases', 'stream', 'take_bgmap', 'take_bias_steps', 'take_iv', 'take_noise', 'tune_squids', 'uxm_relock', 'uxm_setup', 'zero_biases'].sort(),
    );
    expect(site.opScripts.take_iv).toBe(join(site.scriptDirs[0], 'smurf_op.py'));
    expect(site.grace).toEqual({ sigintMs: 3000, sigtermMs: 2000 });
    expect(site.monitor).toEqual({ udpHost: '127.0.0.1', udpPort: 8200, instanceId: 'pysmurf-monitor' });
    expect(site.interpreters['.py']).toEqual(['python3', '-u']);
    expect(site.dataDir).toBe(join(dir, 'data'));
  });

  it('resolves paths relative to the file and applies defaults', () => {
    mkdirSync(join(dir, 'mine'), { recursive: true });
    writeFileSync(join(dir, 'mine', 'x.py'), '');
    const site = loadSmurfSite(siteFile('script_dirs: [mine]\nop_scripts: {take_iv: x.py}\ndata_dir: out\nenv: {SMURF_SIM_DURATION: 0.2}\n'));
    expect(site.scriptDirs).toEqual([join(dir, 'mine')]);
    expect(site.opScripts.take_iv).toBe(join(dir, 'mine', 'x.py'));
    expect(site.dataDir).toBe(join(dir, 'out'));
    expect(site.env).toEqual({ SMURF_SIM_DURATION: '0.2' });
    expect(site.sessionLingerMs).toBe(1000);
  });

  it('names the file and the key in every error', () => {
    const missing = join(dir, 'nope.yaml');
    expect(() => loadSmurfSite(missing)).toThrow(`${missing}: cannot read the file`);
    const noDirs = siteFile('op_scripts: {}\n');
    expect(() => loadSmurfSite(noDirs)).toThrow(new RegExp(`${noDirs}: script_dirs`));
    expect(() => loadSmurfSite(siteFile('script_dirs: [absent]\n'))).toThrow(/script_dirs\[0\]: .*absent is not a directory/);
    expect(() => loadSmurfSite(siteFile('script_dirs: [mine]\nop_scripts: {take_iv: gone.py}\n'))).toThrow(/op_scripts\.take_iv: script gone\.py does not exist/);
    expect(() => loadSmurfSite(siteFile('script_dirs: [mine]\nop_scripts: {run: x.py}\n'))).toThrow(/op_scripts\.run: not a controller op/);
    expect(() => loadSmurfSite(siteFile('script_dirs: [mine]\ngrace: {sigint_ms: -1}\n'))).toThrow(/grace\.sigint_ms/);
    expect(() => loadSmurfSite(siteFile('script_dirs: [mine]\nbogus: 1\n'))).toThrow(/bogus/);
    expect(() => loadSmurfSite(siteFile('script_dirs: [mine]\nslots: [{crate: 1, slot: 2, stream_id: a}, {crate: 1, slot: 3, stream_id: a}]\n'))).toThrow(/slots\[1\]\.stream_id: "a" is used twice/);
    expect(() => loadSmurfSite(siteFile('script_dirs: [mine\n'))).toThrow(/YAML syntax error/);
  });
});
