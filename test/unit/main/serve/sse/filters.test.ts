import { describe, expect, it } from 'vitest';
import { matchesFilters, parseStreamFilters } from '../../../../../main/serve/sse/filters.js';
import type { MessageRecord } from '../../../../../main/store/index.js';

const message = (body: Record<string, unknown>, extra: Partial<MessageRecord> = {}): MessageRecord => ({
  id: 1,
  messageId: null,
  receivedAt: 0,
  destination: '/topic/epictopic',
  msgType: typeof body.msg_type === 'string' ? body.msg_type : '',
  sender: typeof body.sender === 'string' ? body.sender : null,
  namespace: typeof body.namespace === 'string' ? body.namespace : null,
  runId: body.run_id === undefined ? null : String(body.run_id),
  executionId: null,
  body,
  ...extra,
});
const filters = (query: string) => parseStreamFilters(new URLSearchParams(query));

describe('parseStreamFilters', () => {
  it('splits on commas, trims, drops empty values and merges repeated parameters', () => {
    const parsed = filters('msg_types= stf_gen , tf_file_registered,,&agents=&run_ids=100010&run_ids=100011&namespaces=torre1');
    expect([...parsed.msgTypes!]).toEqual(['stf_gen', 'tf_file_registered']);
    expect(parsed.agents).toBeNull();
    expect([...parsed.runIds!]).toEqual(['100010', '100011']);
    expect([...parsed.namespaces!]).toEqual(['torre1']);
  });

  it('has no filters for an empty query', () => {
    expect(filters('')).toEqual({ msgTypes: null, agents: null, runIds: null, namespaces: null });
  });
});

describe('matchesFilters', () => {
  const stfGen = message({ msg_type: 'stf_gen', sender: 'daq-1', namespace: 'torre1', run_id: 100010 });
  const processed = message({ msg_type: 'processing_complete', sender: 'proc-1', processed_by: 'proc-agent-2', namespace: 'torre2', run_id: '100011' });

  it('passes everything without filters', () => {
    expect(matchesFilters(filters(''), stfGen)).toBe(true);
  });

  it('ORs within a parameter and ANDs across parameters', () => {
    expect(matchesFilters(filters('msg_types=stf_gen,end_run'), stfGen)).toBe(true);
    expect(matchesFilters(filters('msg_types=end_run'), stfGen)).toBe(false);
    expect(matchesFilters(filters('msg_types=stf_gen&run_ids=100010'), stfGen)).toBe(true);
    expect(matchesFilters(filters('msg_types=stf_gen&run_ids=100011'), stfGen)).toBe(false);
  });

  it('matches agents on processed_by or on sender (the monitor matched processed_by only)', () => {
    expect(matchesFilters(filters('agents=daq-1'), stfGen)).toBe(true);
    expect(matchesFilters(filters('agents=proc-agent-2'), processed)).toBe(true);
    expect(matchesFilters(filters('agents=proc-1'), processed)).toBe(true);
    expect(matchesFilters(filters('agents=someone-else'), processed)).toBe(false);
  });

  it('compares run ids as text and filters namespaces', () => {
    expect(matchesFilters(filters('run_ids=100011'), processed)).toBe(true);
    expect(matchesFilters(filters('namespaces=torre1'), stfGen)).toBe(true);
    expect(matchesFilters(filters('namespaces=torre1'), processed)).toBe(false);
    expect(matchesFilters(filters('namespaces=torre1'), message({ msg_type: 'x' }))).toBe(false);
  });

  it('filters msg_types on the body, so a message without one matches no msg_types filter', () => {
    expect(matchesFilters(filters('msg_types=run_agents'), message({ command: 'run_agents' }, { msgType: 'run_agents' }))).toBe(false);
  });
});
