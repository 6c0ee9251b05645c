/** The channel → lock level table (shared/access.ts): complete, ordered, fail safe. */
import { describe, expect, it } from 'vitest';
import { ACCESS_LEVELS, atLeast, CHANNEL_LEVELS, channelLevel, levelForMinPrivs, levelRefusal, lowerLevel, maxLevelFor, READ_ONLY_CHANNELS } from '../../../shared/access.js';
import { AUDITED_CHANNELS } from '../../../shared/audit.js';
import { INVOKE_CHANNELS } from '../../../shared/ipc.js';

describe('channel levels', () => {
  it('lists every invoke channel explicitly, and nothing else', () => {
    const listed = Object.keys(CHANNEL_LEVELS);
    expect(INVOKE_CHANNELS.filter((channel) => !listed.includes(channel)), 'channels missing from CHANNEL_LEVELS').toEqual([]);
    expect(listed.filter((channel) => !(INVOKE_CHANNELS as readonly string[]).includes(channel)), 'entries that are no channel').toEqual([]);
    for (const level of Object.values(CHANNEL_LEVELS)) expect(ACCESS_LEVELS).toContain(level);
  });

  it('a channel missing from the table needs expert (fail safe)', () => {
    expect(channelLevel('op:launch')).toBe('expert');
    expect(channelLevel('__proto__')).toBe('expert');
    expect(channelLevel('constructor')).toBe('expert');
  });

  it('puts the decided channels at their levels', () => {
    for (const channel of ['connection:set', 'testbed:config:save', 'alarms:set-rule', 'testbed:stop-agents', 'testbed:agent', 'logs:open']) expect(channelLevel(channel), channel).toBe('expert');
    for (const channel of ['op:start', 'op:stop', 'op:abort', 'testbed:run', 'testbed:stop-workflow', 'alarms:ack', 'logs:close']) expect(channelLevel(channel), channel).toBe('operate');
    for (const channel of ['app:info', 'op:status', 'op:wait', 'feeds:subscribe', 'audit:list', 'access:get', 'access:set']) expect(channelLevel(channel), channel).toBe('locked');
  });

  it('every audited action but access:set needs more than locked; the read-only list is the locked level', () => {
    for (const channel of AUDITED_CHANNELS.filter((name) => name !== 'access:set')) expect(channelLevel(channel), channel).not.toBe('locked');
    expect(new Set(READ_ONLY_CHANNELS)).toEqual(new Set(INVOKE_CHANNELS.filter((channel) => channelLevel(channel) === 'locked')));
  });

  it('orders the levels and caps by token', () => {
    expect(atLeast('expert', 'operate')).toBe(true);
    expect(atLeast('operate', 'operate')).toBe(true);
    expect(atLeast('locked', 'operate')).toBe(false);
    expect(lowerLevel('expert', 'locked')).toBe('locked');
    expect(maxLevelFor('read-only')).toBe('locked');
    expect(maxLevelFor('control')).toBe('expert');
    expect([1, 2, 3].map(levelForMinPrivs)).toEqual(['operate', 'expert', 'expert']);
  });

  it('names channel, needed level and current level in refusals', () => {
    expect(levelRefusal('op:start', 'operate', { level: 'locked', maxLevel: 'expert' })).toBe('op:start needs level operate; this connection is locked (access:set to unlock)');
    expect(levelRefusal('logs:open', 'expert', { level: 'operate', maxLevel: 'expert' })).toBe('logs:open needs level expert; this connection is operate (access:set to unlock)');
    expect(levelRefusal('op:start', 'operate', { level: 'locked', maxLevel: 'locked' })).toBe('read-only viewer: op:start needs the control URL');
  });
});
