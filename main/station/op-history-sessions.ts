/**
 * Feeds the operation monitor the sessions the station learns from its own op requests (start, status,
 * wait, abort, stop from any view): heartbeats carry only op codes, so these are where recorded changes
 * get their session id, start and end.
 */
import type { OpHistoryRecorder } from './op-history-recorder.js';
import type { OpService } from './op-service.js';

/** Wraps `ops.request` so every reply's session is noted by the recorder; returns the same service. */
export function noteOpReplies(ops: OpService, recorder: Pick<OpHistoryRecorder, 'noteSession'>): OpService {
  const request = ops.request.bind(ops);
  ops.request = async (action, address, op, options) => {
    const reply = await request(action, address, op, options);
    recorder.noteSession(address, reply.session);
    return reply;
  };
  return ops;
}
