import { describe, expect, it } from 'vitest';
import { buildTimeline, latestExecutionId } from '../../../../renderer/src/logic/testbed-timeline.js';
import { EXECUTION, fullRun, message } from '../testbed-fixtures.js';

describe('buildTimeline', () => {
  it('is idle without an execution or without its messages', () => {
    expect(buildTimeline(fullRun(), null).phase).toBe('idle');
    expect(buildTimeline(fullRun(), 'other-0001')).toMatchObject({ phase: 'idle', marks: [] });
  });

  it('follows the phases run_imminent → start_run → stf_gen … → end_run with counters and the state stamp', () => {
    const run = fullRun(3);
    expect(buildTimeline(run.slice(0, 1), EXECUTION)).toMatchObject({ phase: 'imminent', state: 'beam', substate: 'not_ready', runId: '100010' });
    expect(buildTimeline(run.slice(0, 4), EXECUTION)).toMatchObject({ phase: 'running', stfGenerated: 1, stfReady: 1, state: 'run', substate: 'physics' });
    const ended = buildTimeline(run, EXECUTION);
    expect(ended).toMatchObject({ phase: 'ended', stfGenerated: 3, stfReady: 3, totalStfFiles: 3 });
    expect(ended.marks.map((mark) => mark.type)).toEqual(['run_imminent', 'start_run', 'stf_gen', 'stf_ready', 'stf_gen', 'stf_ready', 'stf_gen', 'stf_ready', 'end_run']);
  });

  it('spreads a fast run by order and a realtime one by time', () => {
    const fast = buildTimeline(fullRun(1), EXECUTION).marks.map((mark) => mark.position);
    expect(fast).toEqual([0, 0.25, 0.5, 0.75, 1]);
    const slow = [message(1, 'run_imminent'), message(2, 'start_run', { receivedAt: 1_700_000_008_000 }), message(3, 'end_run', { receivedAt: 1_700_000_010_000 })];
    const positions = buildTimeline(slow, EXECUTION).marks.map((mark) => mark.position);
    expect(positions[0]).toBe(0);
    expect(positions[1]).toBeCloseTo(0.8, 2);
    expect(positions[2]).toBe(1);
  });

  it('keeps end_run final and ignores other executions and message types', () => {
    const run = [...fullRun(1), message(10, 'stf_gen'), message(11, 'slice', {}, {}), message(12, 'start_run', { executionId: 'other-0002' })];
    const timeline = buildTimeline(run, EXECUTION);
    expect(timeline.phase).toBe('ended');
    expect(timeline.marks.some((mark) => mark.type === 'slice')).toBe(false);
    expect(timeline.marks).toHaveLength(6);
  });
});

describe('latestExecutionId', () => {
  it('is the newest execution with a lifecycle message', () => {
    expect(latestExecutionId([])).toBeNull();
    expect(latestExecutionId([...fullRun(1), message(20, 'run_imminent', { executionId: 'x-0002' }), message(21, 'stf_ready', { executionId: 'y-0003' })])).toBe('x-0002');
  });
});
