/** Typed supervisord XML-RPC API (the `supervisor.*` namespace) over its unix socket. */
import { callSupervisor } from './transport.js';
import type { XmlRpcValue } from './xmlrpc.js';

/** supervisord's own state (getState().statename). */
export type SupervisordState = 'FATAL' | 'RUNNING' | 'RESTARTING' | 'SHUTDOWN';

/** A program's process state as supervisord reports it. */
export type ProcessStateName = 'STOPPED' | 'STARTING' | 'RUNNING' | 'BACKOFF' | 'STOPPING' | 'EXITED' | 'FATAL' | 'UNKNOWN';

/** getProcessInfo / getAllProcessInfo entry, with supervisord's field names. */
export interface ProcessInfo {
  name: string;
  group: string;
  description: string;
  /** Unix seconds the process was last started (0 if never). */
  start: number;
  stop: number;
  now: number;
  state: number;
  statename: ProcessStateName;
  spawnerr: string;
  exitstatus: number;
  logfile: string;
  stdout_logfile: string;
  stderr_logfile: string;
  pid: number;
}

/** tailProcessStdoutLog result: the bytes, the new offset to pass next time, and whether data was skipped. */
export interface LogTail {
  text: string;
  offset: number;
  overflow: boolean;
}

/** reloadConfig result: group names whose configuration was added, changed or removed. */
export interface ConfigChanges {
  added: string[];
  changed: string[];
  removed: string[];
}

/** Result of startAllProcesses / stopAllProcesses, one per process. */
export interface ProcessCallResult {
  name: string;
  group: string;
  status: number;
  description: string;
}

/** Client for one supervisord; every method maps 1:1 onto `supervisor.<method>`. Faults reject with SupervisorFault. */
export class SupervisorClient {
  constructor(
    readonly socketPath: string,
    private readonly timeoutMs = 10_000,
  ) {}

  /** Calls any `supervisor.*` (or `system.*` when given with its namespace) method. */
  call(method: string, ...params: XmlRpcValue[]): Promise<XmlRpcValue> {
    const qualified = method.includes('.') ? method : `supervisor.${method}`;
    return callSupervisor(this.socketPath, qualified, params, this.timeoutMs);
  }

  /** The `identifier` from [supervisord]; the bridge uses it to recognise its own daemon. */
  async getIdentification(): Promise<string> {
    return String(await this.call('getIdentification'));
  }

  async getState(): Promise<{ statecode: number; statename: SupervisordState }> {
    return (await this.call('getState')) as { statecode: number; statename: SupervisordState };
  }

  async getPID(): Promise<number> {
    return Number(await this.call('getPID'));
  }

  async getAllProcessInfo(): Promise<ProcessInfo[]> {
    return (await this.call('getAllProcessInfo')) as unknown as ProcessInfo[];
  }

  async getProcessInfo(name: string): Promise<ProcessInfo> {
    return (await this.call('getProcessInfo', name)) as unknown as ProcessInfo;
  }

  /** With wait=true resolves only once the process has stayed up `startsecs` (or rejects with the spawn fault). */
  async startProcess(name: string, wait = true): Promise<boolean> {
    return Boolean(await this.call('startProcess', name, wait));
  }

  async stopProcess(name: string, wait = true): Promise<boolean> {
    return Boolean(await this.call('stopProcess', name, wait));
  }

  async startAllProcesses(wait = true): Promise<ProcessCallResult[]> {
    return (await this.call('startAllProcesses', wait)) as unknown as ProcessCallResult[];
  }

  async stopAllProcesses(wait = true): Promise<ProcessCallResult[]> {
    return (await this.call('stopAllProcesses', wait)) as unknown as ProcessCallResult[];
  }

  async stopProcessGroup(name: string, wait = true): Promise<ProcessCallResult[]> {
    return (await this.call('stopProcessGroup', name, wait)) as unknown as ProcessCallResult[];
  }

  /** Sends a signal by name ("HUP") or number to a process. */
  async signalProcess(name: string, signal: string | number): Promise<boolean> {
    return Boolean(await this.call('signalProcess', name, String(signal)));
  }

  /** Reads `length` bytes of the stdout log from `offset` (negative offset: from the end). */
  async readProcessStdoutLog(name: string, offset: number, length: number): Promise<string> {
    return String(await this.call('readProcessStdoutLog', name, offset, length));
  }

  /** Tails the stdout log: the last `length` bytes before `offset`, or new bytes since a previous tail's offset. */
  async tailProcessStdoutLog(name: string, offset: number, length: number): Promise<LogTail> {
    const [text, nextOffset, overflow] = (await this.call('tailProcessStdoutLog', name, offset, length)) as [string, number, boolean];
    return { text, offset: nextOffset, overflow };
  }

  async clearProcessLogs(name: string): Promise<boolean> {
    return Boolean(await this.call('clearProcessLogs', name));
  }

  /** Re-reads the config file; changes take effect only after add/removeProcessGroup. */
  async reloadConfig(): Promise<ConfigChanges> {
    const [[added, changed, removed]] = (await this.call('reloadConfig')) as [[string[], string[], string[]]];
    return { added, changed, removed };
  }

  async addProcessGroup(name: string): Promise<boolean> {
    return Boolean(await this.call('addProcessGroup', name));
  }

  /** Fails with STILL_RUNNING unless the group's processes are stopped. */
  async removeProcessGroup(name: string): Promise<boolean> {
    return Boolean(await this.call('removeProcessGroup', name));
  }

  /** Stops every process, then supervisord itself exits. */
  async shutdown(): Promise<boolean> {
    return Boolean(await this.call('shutdown'));
  }
}
