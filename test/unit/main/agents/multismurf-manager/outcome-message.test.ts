import { describe, expect, it } from 'vitest';
import type { EncodedSession } from '../../../../../shared/ocs-codes.js';
import { outcomeMessage } from '../../../../../main/agents/multismurf-manager/fanout-run.js';

function session(messages: Array<[number, string]>, success: boolean | null): EncodedSession {
  return { session_id: 1, op_name: 'x', op_code: 6, cred_level: 1, status: 'done', degraded: false, success, start_time: 0, end_time: 1, data: {}, messages };
}

describe('outcomeMessage', () => {
  it("is the op's closing message, skipping the status notes", () => {
    expect(outcomeMessage(session([[0, 'Status is now "starting".'], [1, 'Script has finished with exit code 2'], [2, 'Status is now "done".']], false))).toBe(
      'Script has finished with exit code 2',
    );
  });

  it('falls back to succeeded/failed when the messages were purged', () => {
    expect(outcomeMessage(session([[2, 'Status is now "done".']], false))).toBe('failed');
    expect(outcomeMessage(session([], true))).toBe('succeeded');
  });
});
