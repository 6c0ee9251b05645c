import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { TestbedConfigEntry, TestbedConfigProblem, TestbedConfigText, TestbedConfigValidation } from '../../shared/testbed.js';
import { IpcError } from '../ipc/ipc-error.js';
import { DEFAULT_TESTBED_CONFIG_DIR, enabledAgents, parseToml, resolveWorkflow, TestbedConfigError, testbedConfigFrom } from '../testbed/config/index.js';
import { writeFileAtomically } from '../testbed/supervisor/index.js';

export interface TestbedConfigsOptions {
  /** The user's configs: `<dataDir>/testbed/configs`. */
  userDir: string;
  /** The shipped configs, default resources/testbed. */
  builtinDir?: string;
}

/** A file counts as a testbed config when it has a `[testbed]` table (workflow configs such as daq_state_machine.toml do not). */
const TESTBED_TABLE = /^\s*\[testbed\]\s*(#.*)?$/m;

/**
 * The testbed configs the Testbed view picks from and edits: the shipped ones (read-only) and the user's
 * own under `<dataDir>/testbed/configs` (the only place anything is written).
 */
export class TestbedConfigs {
  readonly userDir: string;
  readonly builtinDir: string;

  constructor(options: TestbedConfigsOptions) {
    this.userDir = options.userDir;
    this.builtinDir = options.builtinDir ?? DEFAULT_TESTBED_CONFIG_DIR;
  }

  /** User configs first (they shadow shipped ones of the same name), each group sorted by name. */
  list(): TestbedConfigEntry[] {
    return [...this.listDir(this.userDir, 'user'), ...this.listDir(this.builtinDir, 'builtin')];
  }

  /** The entry of `name` in `source`; a bad_request naming it when there is none. */
  entry(name: string, source: 'builtin' | 'user'): TestbedConfigEntry {
    const wanted = stripToml(name);
    const found = this.listDir(source === 'user' ? this.userDir : this.builtinDir, source).find((entry) => entry.name === wanted);
    if (!found) throw new IpcError('bad_request', `no ${source === 'user' ? 'user' : 'shipped'} testbed config named "${wanted}"`);
    return found;
  }

  read(name: string, source: 'builtin' | 'user'): TestbedConfigText {
    const entry = this.entry(name, source);
    return { entry, text: readFileSync(entry.file, 'utf8') };
  }

  /** Checks `text` as the file `name` of the user dir would be checked by `testbed run` (workflow config lookup included). */
  validate(text: string, name = 'testbed.toml'): TestbedConfigValidation {
    const file = join(this.userDir, `${stripToml(name)}.toml`);
    try {
      const config = testbedConfigFrom({ file, text, document: parseToml(file, text) });
      resolveWorkflow(config, {}, { configDirs: [this.userDir, this.builtinDir] });
      return { ok: true, errors: [], namespace: config.namespace, enabledAgents: enabledAgents(config), workflow: { ...config.workflow } };
    } catch (error) {
      if (!(error instanceof TestbedConfigError)) throw error;
      return { ok: false, errors: [problemOf(error, file)], namespace: null, enabledAgents: [], workflow: null };
    }
  }

  /** Writes a valid config atomically into the user dir; invalid text is refused with its first problem. */
  save(name: string, text: string): TestbedConfigEntry {
    const validation = this.validate(text, name);
    if (!validation.ok) {
      const [problem] = validation.errors;
      const where = problem.line === null ? '' : `line ${problem.line}: `;
      throw new IpcError('bad_request', `not saved, the config has an error: ${where}${problem.message}`);
    }
    mkdirSync(this.userDir, { recursive: true });
    writeFileAtomically(join(this.userDir, `${stripToml(name)}.toml`), text);
    return this.entry(name, 'user');
  }

  private listDir(dir: string, source: 'builtin' | 'user'): TestbedConfigEntry[] {
    let names: string[];
    try {
      names = readdirSync(dir).filter((file) => file.endsWith('.toml'));
    } catch {
      return [];
    }
    return names
      .sort()
      .map((file) => join(dir, file))
      .filter((file) => isTestbedFile(file))
      .map((file) => ({ name: stripToml(basename(file)), file, source, editable: source === 'user' }));
  }
}

function isTestbedFile(file: string): boolean {
  try {
    return TESTBED_TABLE.test(readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
}

function stripToml(name: string): string {
  return name.endsWith('.toml') ? name.slice(0, -'.toml'.length) : name;
}

/** The editor's view of an error: problems in the edited text keep their line; ones in included files name the file. */
function problemOf(error: TestbedConfigError, editedFile: string): TestbedConfigProblem {
  const inEdited = error.file === undefined || error.file === editedFile;
  return {
    message: inEdited ? error.problem : error.message,
    line: inEdited ? (error.line ?? null) : null,
    column: inEdited ? (error.column ?? null) : null,
    key: error.key ?? null,
  };
}
