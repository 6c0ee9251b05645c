/**
 * Static security check for Electron windows, on the TypeScript AST (not regexes): every
 * `new BrowserWindow(…)` (and BrowserView / WebContentsView) must literally set the hardened
 * webPreferences, and the code base must install the window-open, navigation, permission and
 * single-instance guards. Used by browser-window-security.test.ts on main/ and preload/.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export interface Source {
  path: string;
  text: string;
}

export interface SecurityReport {
  /** `path:line` of every window construction found. */
  windows: string[];
  /** Everything that fails the check; empty means pass. */
  problems: string[];
}

const WINDOW_CLASSES = new Set(['BrowserWindow', 'BrowserView', 'WebContentsView']);
/** Must be present with exactly this literal value. */
const REQUIRED: Record<string, boolean> = { contextIsolation: true, sandbox: true, nodeIntegration: false };
/** Optional, but never with the dangerous value (and only as a literal). */
const FORBIDDEN: Record<string, boolean> = {
  webSecurity: false,
  allowRunningInsecureContent: true,
  nodeIntegrationInWorker: true,
  nodeIntegrationInSubFrames: true,
  webviewTag: true,
  experimentalFeatures: true,
};

/** Checks a set of sources (a whole code base: the app-wide guards may live in any file). */
export function checkWindowSecurity(sources: readonly Source[]): SecurityReport {
  const windows: string[] = [];
  const problems: string[] = [];
  const guards = { windowOpenDeny: false, willNavigatePrevented: false, permissionHandler: false, singleInstance: false };
  for (const source of sources) {
    const file = ts.createSourceFile(source.path, source.text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const where = (node: ts.Node) => `${source.path}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const visit = (node: ts.Node): void => {
      if (ts.isNewExpression(node) && WINDOW_CLASSES.has(calleeName(node.expression) ?? '')) {
        windows.push(where(node));
        for (const problem of windowProblems(node)) problems.push(`${where(node)}: new ${calleeName(node.expression)}: ${problem}`);
      }
      if (ts.isCallExpression(node)) {
        const method = calleeName(node.expression);
        const [first, second] = node.arguments;
        if (method === 'setWindowOpenHandler' && first && returnsDeny(first)) guards.windowOpenDeny = true;
        if (method === 'on' && first && ts.isStringLiteral(first) && first.text === 'will-navigate' && second && callsPreventDefault(second)) guards.willNavigatePrevented = true;
        if (method === 'setPermissionRequestHandler') guards.permissionHandler = true;
        if (method === 'requestSingleInstanceLock') guards.singleInstance = true;
      }
      if (ts.isPropertyAssignment(node) && propertyName(node.name) === 'action' && ts.isStringLiteralLike(node.initializer) && node.initializer.text === 'allow') {
        problems.push(`${where(node)}: a window-open handler answers { action: 'allow' }; the station opens no windows`);
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  if (!guards.windowOpenDeny) problems.push("no webContents.setWindowOpenHandler(…) returning { action: 'deny' }");
  if (!guards.willNavigatePrevented) problems.push("no .on('will-navigate', …) guard that calls preventDefault()");
  if (!guards.permissionHandler) problems.push('no session.setPermissionRequestHandler(…)');
  if (!guards.singleInstance) problems.push('no app.requestSingleInstanceLock()');
  return { windows, problems };
}

/** Reads every .ts file under the given directories (relative paths in the report). */
export function readSources(root: string, dirs: readonly string[]): Source[] {
  const sources: Source[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry) && !entry.endsWith('.d.ts')) sources.push({ path: relative(root, path), text: readFileSync(path, 'utf8') });
    }
  };
  for (const dir of dirs) walk(join(root, dir));
  return sources;
}

function windowProblems(node: ts.NewExpression): string[] {
  const options = node.arguments?.[0];
  if (!options || !ts.isObjectLiteralExpression(options)) return ['options must be an object literal (so the check can see webPreferences)'];
  const outer = literalProperties(options);
  if ('error' in outer) return [outer.error];
  const prefs = outer.properties.get('webPreferences');
  if (!prefs || !ts.isObjectLiteralExpression(prefs)) return ['webPreferences must be an object literal'];
  const inner = literalProperties(prefs);
  if ('error' in inner) return [`webPreferences: ${inner.error}`];
  const problems: string[] = [];
  for (const [name, wanted] of Object.entries(REQUIRED)) {
    const value = booleanLiteral(inner.properties.get(name));
    if (value !== wanted) problems.push(`webPreferences.${name} must be literally ${wanted}`);
  }
  for (const [name, dangerous] of Object.entries(FORBIDDEN)) {
    const initializer = inner.properties.get(name);
    if (initializer === undefined) continue;
    const value = booleanLiteral(initializer);
    if (value === undefined) problems.push(`webPreferences.${name} must be a literal boolean`);
    else if (value === dangerous) problems.push(`webPreferences.${name} must not be ${dangerous}`);
  }
  return problems;
}

/** Property name → initializer, the last one winning as at run time; spreads and computed names are refused. */
function literalProperties(object: ts.ObjectLiteralExpression): { properties: Map<string, ts.Expression> } | { error: string } {
  const properties = new Map<string, ts.Expression>();
  for (const property of object.properties) {
    if (ts.isSpreadAssignment(property)) return { error: 'spread (...) is not allowed: it can override the security options' };
    const name = property.name ? propertyName(property.name) : undefined;
    if (name === undefined) return { error: 'computed property names are not allowed' };
    if (ts.isPropertyAssignment(property)) properties.set(name, property.initializer);
    else if (ts.isShorthandPropertyAssignment(property)) properties.set(name, property.name);
    else return { error: `${name} must be a plain property` };
  }
  return { properties };
}

function propertyName(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  return undefined;
}

function calleeName(expression: ts.Expression): string | undefined {
  if (ts.isIdentifier(expression)) return expression.text;
  if (ts.isPropertyAccessExpression(expression)) return expression.name.text;
  return undefined;
}

function booleanLiteral(expression: ts.Expression | undefined): boolean | undefined {
  if (expression?.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (expression?.kind === ts.SyntaxKind.FalseKeyword) return false;
  return undefined;
}

function returnsDeny(handler: ts.Node): boolean {
  let found = false;
  const visit = (node: ts.Node) => {
    if (ts.isPropertyAssignment(node) && propertyName(node.name) === 'action' && ts.isStringLiteralLike(node.initializer) && node.initializer.text === 'deny') found = true;
    ts.forEachChild(node, visit);
  };
  visit(handler);
  return found;
}

function callsPreventDefault(handler: ts.Node): boolean {
  let found = false;
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && calleeName(node.expression) === 'preventDefault') found = true;
    ts.forEachChild(node, visit);
  };
  visit(handler);
  return found;
}
