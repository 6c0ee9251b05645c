import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkWindowSecurity, readSources, type Source } from './browser-window-check.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const GUARDS = `
  app.requestSingleInstanceLock();
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event) => event.preventDefault());
  session.setPermissionRequestHandler((_c, _p, callback) => callback(false));
`;
const GOOD_WINDOW = `new BrowserWindow({ width: 800, webPreferences: { preload, contextIsolation: true, sandbox: true, nodeIntegration: false } });`;

/** One source file made of `code` plus the app-wide guards (unless left out). */
function check(code: string, guards = GUARDS) {
  const sources: Source[] = [{ path: 'main/snippet.ts', text: `${code}\n${guards}` }];
  return checkWindowSecurity(sources);
}

describe('the code base (main/ and preload/)', () => {
  it('creates only hardened windows and installs every guard', () => {
    const report = checkWindowSecurity(readSources(ROOT, ['main', 'preload']));
    expect(report.windows.length).toBeGreaterThan(0);
    expect(report.problems).toEqual([]);
  });
});

describe('the checker itself', () => {
  it('passes a hardened window with the guards', () => {
    expect(check(GOOD_WINDOW)).toEqual({ windows: ['main/snippet.ts:1'], problems: [] });
    expect(check(GOOD_WINDOW.replace('new BrowserWindow', 'new electron.BrowserWindow')).problems).toEqual([]);
  });

  it('fails a window missing sandbox, or with nodeIntegration on, or contextIsolation off', () => {
    expect(check(GOOD_WINDOW.replace('sandbox: true, ', '')).problems).toEqual(['main/snippet.ts:1: new BrowserWindow: webPreferences.sandbox must be literally true']);
    expect(check(GOOD_WINDOW.replace('nodeIntegration: false', 'nodeIntegration: true')).problems).toEqual(['main/snippet.ts:1: new BrowserWindow: webPreferences.nodeIntegration must be literally false']);
    expect(check(GOOD_WINDOW.replace('contextIsolation: true', 'contextIsolation: isolate')).problems).toHaveLength(1);
    expect(check("new BrowserWindow({ webPreferences: { 'contextIsolation': true, \"sandbox\": true, nodeIntegration: false } });").problems).toEqual([]);
  });

  it('fails a window whose options come from elsewhere or are spread', () => {
    expect(check('new BrowserWindow(options);').problems[0]).toContain('options must be an object literal');
    expect(check('new BrowserWindow();').problems[0]).toContain('options must be an object literal');
    expect(check('new BrowserWindow({ webPreferences: prefs });').problems[0]).toContain('webPreferences must be an object literal');
    expect(check(GOOD_WINDOW.replace('preload,', '...defaults, preload,')).problems[0]).toContain('spread (...) is not allowed');
    expect(check(GOOD_WINDOW.replace('width: 800,', '...base,')).problems[0]).toContain('spread (...) is not allowed');
    expect(check(GOOD_WINDOW.replace('preload,', '[key]: true,')).problems[0]).toContain('computed property names');
  });

  it('fails a later override and the dangerous optional preferences', () => {
    expect(check(GOOD_WINDOW.replace('nodeIntegration: false', 'nodeIntegration: false, sandbox: false')).problems[0]).toContain('sandbox must be literally true');
    expect(check(GOOD_WINDOW.replace('preload,', 'webSecurity: false,')).problems[0]).toContain('webSecurity must not be false');
    expect(check(GOOD_WINDOW.replace('preload,', 'webviewTag: true,')).problems[0]).toContain('webviewTag must not be true');
    expect(check(GOOD_WINDOW.replace('preload,', 'nodeIntegrationInWorker: flag,')).problems[0]).toContain('nodeIntegrationInWorker must be a literal boolean');
  });

  it('checks BrowserView and WebContentsView the same way', () => {
    expect(check('new WebContentsView({ webPreferences: { sandbox: true } });').problems).toHaveLength(2);
    expect(check('new BrowserView({});').problems[0]).toContain('webPreferences must be an object literal');
  });

  it('fails a code base without each guard', () => {
    const without = (line: string) => check(GOOD_WINDOW, GUARDS.replace(line, '')).problems;
    expect(without("contents.setWindowOpenHandler(() => ({ action: 'deny' }));")).toEqual(["no webContents.setWindowOpenHandler(…) returning { action: 'deny' }"]);
    expect(without("contents.on('will-navigate', (event) => event.preventDefault());")).toEqual(["no .on('will-navigate', …) guard that calls preventDefault()"]);
    expect(without('session.setPermissionRequestHandler((_c, _p, callback) => callback(false));')).toEqual(['no session.setPermissionRequestHandler(…)']);
    expect(without('app.requestSingleInstanceLock();')).toEqual(['no app.requestSingleInstanceLock()']);
    expect(check(GOOD_WINDOW, GUARDS.replace('event.preventDefault()', 'console.log(event)')).problems).toHaveLength(1);
  });

  it("fails a window-open handler that allows, even next to one that denies", () => {
    expect(check(`${GOOD_WINDOW}\nother.setWindowOpenHandler(() => ({ action: 'allow' }));`).problems[0]).toContain("answers { action: 'allow' }");
  });
});
