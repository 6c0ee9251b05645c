import { OpCode, type RegisteredAgentInfo } from '../../../shared/ocs-codes.js';
import { enforceFieldNameRules } from '../../ocs/feed.js';

/**
 * What the Registry knows about one agent (upstream RegisteredAgent). `info` is kept in its wire form
 * (RegisteredAgent.encoded()) and updated in place, so the `main` session data can hold it directly.
 */
export class RegisteredAgent {
  readonly info: RegisteredAgentInfo;
  private readonly fieldNames = new Map<string, string>();

  constructor(agentAddress: string, agentClass: string | null, now: number) {
    this.info = { expired: false, time_expired: null, last_updated: now, op_codes: {}, agent_class: agentClass, agent_address: agentAddress };
  }

  get address(): string {
    return this.info.agent_address;
  }

  get expired(): boolean {
    return this.info.expired;
  }

  /**
   * A heartbeat arrived: not expired, last_updated = now, and the reported op codes merged in (ops are
   * never removed). Returns true if a reported code differs from (or is missing in) the stored ones.
   */
  refresh(opCodes: Record<string, unknown>, now: number): boolean {
    const stored = this.info.op_codes;
    let changed = false;
    for (const [name, code] of Object.entries(opCodes)) {
      if (stored[name] !== code) {
        changed = true;
        stored[name] = code as number;
      }
    }
    this.info.expired = false;
    this.info.time_expired = null;
    this.info.last_updated = now;
    return changed;
  }

  /** No heartbeat for too long: expired, time_expired = now and every op code EXPIRED (7). */
  expire(now: number): void {
    this.info.expired = true;
    this.info.time_expired = now;
    for (const name of Object.keys(this.info.op_codes)) this.info.op_codes[name] = OpCode.EXPIRED;
  }

  /**
   * The agent_operations field of an op: `{address}_{op}` with "." and "-" turned into "_", then the
   * feed field-name rules (upstream _publish_agent_ops). Cached, since it is asked for on every publish.
   */
  fieldName(opName: string): string {
    let field = this.fieldNames.get(opName);
    if (field === undefined) {
      field = enforceFieldNameRules(`${this.address}_${opName}`.replace(/\./g, '_').replace(/-/g, '_'));
      this.fieldNames.set(opName, field);
    }
    return field;
  }
}
