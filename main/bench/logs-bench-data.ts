/**
 * Test data for `station bench logs`, as scripts run with `node -e SCRIPT args…` (no shell) so that
 * generating a gigabyte neither inflates nor shares main's heap: the generated log and the follow writer.
 */

/**
 * `node -e GENERATE_LOG <file> <bytes>`: writes supervisord/Python-logging-style lines (deterministic mix:
 * 5 % ERROR, 5 % WARNING, 15 % DEBUG, the rest INFO; 7 ms apart) until `bytes`; prints the line count.
 */
export const GENERATE_LOG = `
const fs = require('node:fs');
const [file, bytes] = [process.argv[1], Number(process.argv[2])];
const LEVELS = ['INFO','INFO','INFO','INFO','INFO','INFO','INFO','INFO','INFO','INFO','INFO','INFO','INFO','INFO','INFO','DEBUG','DEBUG','DEBUG','WARNING','ERROR'];
const WORDS = ['stf','tf','sample','run','heartbeat','registry','fastmon','workflow','daq','slot','stream','detector'];
const fd = fs.openSync(file, 'w');
const start = Date.UTC(2025, 0, 1);
let written = 0, n = 0, second = -1, secondText = '';
while (written < bytes) {
  let s = '';
  for (let k = 0; k < 20000; k++, n++) {
    const r = Math.imul(n, 2654435761) >>> 0;
    const t = start + n * 7;
    const sec = Math.floor(t / 1000);
    if (sec !== second) { second = sec; secondText = new Date(sec * 1000).toISOString().slice(0, 19).replace('T', ' '); }
    const ms = t % 1000;
    s += secondText + ',' + (ms < 10 ? '00' : ms < 100 ? '0' : '') + ms + ' ' + LEVELS[r % 20] + ' agent-' + (r % 13) + ' ' + WORDS[r % 12] + ' ' + WORDS[(r >>> 8) % 12] + ' seq=' + n + ' value=' + (r % 100000) / 1000 + ' id=' + r.toString(16) + '\\n';
  }
  written += fs.writeSync(fd, s);
}
fs.closeSync(fd);
process.stdout.write(String(n));
`;

/**
 * \`node -e FOLLOW_WRITER <file> <lines> <batch>\`: appends \`lines\` numbered lines in writes of \`batch\` lines,
 * as fast as it can, and prints its elapsed ms.
 */
export const FOLLOW_WRITER = `
const fs = require('node:fs');
const [file, total, batch] = [process.argv[1], Number(process.argv[2]), Number(process.argv[3])];
const fd = fs.openSync(file, 'a');
const t0 = performance.now();
for (let i = 0; i < total; ) {
  let s = '';
  for (let k = 0; k < batch && i < total; k++, i++) s += new Date().toISOString() + ' INFO follow-writer line seq=' + i + ' payload=abcdefghijklmnopqrstuvwxyz0123456789\\n';
  fs.writeSync(fd, s);
}
fs.closeSync(fd);
process.stdout.write(String(performance.now() - t0));
`;
