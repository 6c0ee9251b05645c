/**
 * The one seam through which smurf scripts become processes: execa, no shell, an argument array,
 * the interpreter chosen by file extension, stdin ignored, and a detached process group so that
 * abort can end the script together with everything it spawned (see process-tree.ts). What a script
 * leaves running when it exits (children of a SIGKILLed script, a forgotten background job) is ended
 * with the same sequence before the run counts as over.
 */
import { accessSync, constants } from 'node:fs';
import { dirname, extname } from 'node:path';
import { execa } from 'execa';
import { LineSplitter } from './line-splitter.js';
import { ProcessTree, type TerminateResult } from './process-tree.js';

/** Interpreter command (program + leading args) by lower-case extension including the dot, e.g. `.py`. */
export type Interpreters = Readonly<Record<string, readonly string[]>>;

export const DEFAULT_INTERPRETERS: Interpreters = { '.py': ['python3', '-u'], '.sh': ['/bin/sh'] };

export type OutputStream = 'stdout' | 'stderr';

/** How a script ended. */
export interface ScriptExit {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all (e.g. the interpreter is missing). */
  spawnError: string | null;
  /** Pids of the script's tree still running when the script exited, ended then (empty when none). */
  leftovers: number[];
}

/** Grace periods of the abort sequence SIGINT → SIGTERM → SIGKILL. */
export interface AbortGrace {
  sigintMs: number;
  sigtermMs: number;
}

export interface ScriptLaunchOptions {
  /** Absolute script path (already checked against the allowed directories). */
  script: string;
  args: readonly string[];
  interpreters?: Interpreters;
  /** Added to the agent's own environment. */
  env?: Readonly<Record<string, string>>;
  /** Every output line, as it arrives (never throws back into the runner: errors are swallowed). */
  onLine?: (stream: OutputStream, text: string, time: number) => void;
  maxLineChars?: number;
  /** After exit, how long to wait for the pipes to close (a leftover grandchild may hold them). Default 500 ms. */
  drainMs?: number;
  /** How often the process tree is re-scanned while the script runs (setsid grandchildren). Default 1000 ms. */
  treeScanMs?: number;
  /** Grace periods for ending what the script leaves running when it exits. Default SIGINT 3 s, SIGTERM 2 s. */
  leftoverGrace?: AbortGrace;
}

const DEFAULT_LEFTOVER_GRACE: AbortGrace = { sigintMs: 3000, sigtermMs: 2000 };

/** `[program, ...args]` for a script: its extension's interpreter, or the file itself when it is executable. */
export function commandFor(script: string, args: readonly string[], interpreters: Interpreters = DEFAULT_INTERPRETERS): string[] {
  const ext = extname(script).toLowerCase();
  const interpreter = interpreters[ext];
  if (interpreter && interpreter.length > 0) return [...interpreter, script, ...args];
  try {
    accessSync(script, constants.X_OK);
  } catch {
    throw new Error(`No interpreter is configured for "${ext || 'extension-less'}" files and ${script} is not executable`);
  }
  return [script, ...args];
}

/** The op message for an exit: `Script has finished with exit code N`, or the signal that killed it. */
export function exitMessage(exit: ScriptExit): string {
  if (exit.spawnError !== null) return `Script could not be started: ${exit.spawnError}`;
  if (exit.exitCode === null) return `Script was killed by ${exit.signal ?? 'an unknown signal'}`;
  return `Script has finished with exit code ${exit.exitCode}`;
}

/** A started script. */
export class RunningScript {
  /** null when the process could not be spawned. */
  readonly pid: number | null;
  readonly startedAt = Date.now();
  /** Resolves once the script has exited and its output has been read (never rejects). */
  readonly done: Promise<ScriptExit>;
  private readonly tree: ProcessTree | null;
  private aborting: Promise<TerminateResult> | null = null;
  private exited = false;

  constructor(options: ScriptLaunchOptions) {
    const [file, ...args] = commandFor(options.script, options.args, options.interpreters);
    const child = execa(file, args, {
      cwd: dirname(options.script),
      env: options.env ? { ...options.env } : undefined,
      stdin: 'ignore',
      detached: true,
      reject: false,
      buffer: false,
      // The script's life is governed by abort, not by our process exiting.
      cleanup: false,
    });
    this.pid = child.pid ?? null;
    this.tree = this.pid !== null ? new ProcessTree(this.pid) : null;
    const emit = (stream: OutputStream) => (text: string) => {
      try {
        options.onLine?.(stream, text, Date.now() / 1000);
      } catch {
        // A failing consumer must not take the runner down.
      }
    };
    const splitters = { stdout: new LineSplitter(emit('stdout'), options.maxLineChars), stderr: new LineSplitter(emit('stderr'), options.maxLineChars) };
    const closed = (['stdout', 'stderr'] as const).map((name) => {
      const stream = child[name];
      if (!stream) return Promise.resolve();
      stream.on('data', (chunk: Buffer) => splitters[name].push(chunk));
      return new Promise<void>((resolve) => {
        stream.once('close', resolve);
        stream.once('error', () => resolve());
      });
    });
    const scan = setInterval(() => this.tree?.refresh(), options.treeScanMs ?? 1000);
    this.done = new Promise<ScriptExit>((resolve) => {
      let settled = false;
      const finish = async (exit: Omit<ScriptExit, 'leftovers'>) => {
        if (settled) return;
        settled = true;
        this.exited = true;
        clearInterval(scan);
        // Before the drain: ending the leftovers closes the pipes they hold, so their last lines are read too.
        const leftovers = await this.endLeftovers(options.leftoverGrace ?? DEFAULT_LEFTOVER_GRACE);
        const drain = new Promise<void>((r) => setTimeout(r, options.drainMs ?? 500));
        await Promise.race([Promise.all(closed), drain]);
        child.stdout?.destroy();
        child.stderr?.destroy();
        splitters.stdout.end();
        splitters.stderr.end();
        resolve({ ...exit, leftovers });
      };
      child.once('exit', (code, signal) => void finish({ exitCode: code, signal: signal as NodeJS.Signals | null, spawnError: null }));
      void child.then((result) => {
        if (result.failed && result.exitCode === undefined && !result.signal) void finish({ exitCode: null, signal: null, spawnError: result.originalMessage || result.shortMessage || "spawn failed" });
      });
    });
  }

  /** True once the script process has exited. */
  get hasExited(): boolean {
    return this.exited;
  }

  /** After the script exited: ends its tree's live members (or waits for a running abort); returns their pids. */
  private async endLeftovers(grace: AbortGrace): Promise<number[]> {
    if (!this.tree) return [];
    if (this.aborting) {
      await this.aborting;
      return [];
    }
    this.tree.refresh();
    const leftovers = this.tree.alive();
    if (leftovers.length === 0) return [];
    // Shared with abort(): an abort arriving now joins this termination instead of starting a second one.
    this.aborting = this.tree.terminate({ sigintGraceMs: grace.sigintMs, sigtermGraceMs: grace.sigtermMs });
    await this.aborting;
    return leftovers;
  }

  /**
   * Ends the script and its whole tree (SIGINT to the group, then SIGTERM, then SIGKILL), including
   * descendants that left the group; resolves when none is left (or SIGKILL did not help).
   */
  abort(grace: AbortGrace): Promise<TerminateResult> {
    if (!this.tree) return Promise.resolve({ gone: true, signals: [], members: [], elapsedMs: 0 });
    this.aborting ??= this.tree.terminate({ sigintGraceMs: grace.sigintMs, sigtermGraceMs: grace.sigtermMs });
    return this.aborting;
  }
}

/** Starts a script (throws only for a script nobody can run, e.g. no interpreter and not executable). */
export function launchScript(options: ScriptLaunchOptions): RunningScript {
  return new RunningScript(options);
}
