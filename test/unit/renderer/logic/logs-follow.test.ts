import { describe, expect, it } from 'vitest';
import { FOLLOWING, isAtBottom, nextFollow, pausedText, type FollowState } from '../../../../renderer/src/logic/logs-follow.js';

describe('follow state machine', () => {
  it('stays following while lines arrive at the bottom', () => {
    expect(nextFollow(FOLLOWING, { type: 'appended', count: 40 })).toBe(FOLLOWING);
    expect(nextFollow(FOLLOWING, { type: 'scrolled', atBottom: true })).toBe(FOLLOWING);
  });

  it('pauses on scrolling up, counts new lines, and resumes at the bottom', () => {
    let state: FollowState = nextFollow(FOLLOWING, { type: 'scrolled', atBottom: false });
    expect(state).toEqual({ mode: 'paused', newLines: 0 });
    state = nextFollow(state, { type: 'appended', count: 3 });
    state = nextFollow(state, { type: 'appended', count: 4 });
    expect(pausedText(state)).toBe('following paused — 7 new lines');
    // Further scrolling up changes nothing (same object: the store skips the set).
    expect(nextFollow(state, { type: 'scrolled', atBottom: false })).toBe(state);
    expect(nextFollow(state, { type: 'scrolled', atBottom: true })).toEqual(FOLLOWING);
  });

  it('pauses on a jump, resumes on the button, and restarts the count on truncation', () => {
    const jumped = nextFollow(FOLLOWING, { type: 'jumped' });
    expect(jumped.mode).toBe('paused');
    const counted = nextFollow(jumped, { type: 'appended', count: 1 });
    expect(pausedText(counted)).toBe('following paused — 1 new line');
    expect(nextFollow(counted, { type: 'reset' })).toEqual({ mode: 'paused', newLines: 0 });
    expect(nextFollow(counted, { type: 'resume' })).toBe(FOLLOWING);
    expect(nextFollow(FOLLOWING, { type: 'reset' })).toBe(FOLLOWING);
  });

  it('counts the last two rows as the bottom', () => {
    expect(isAtBottom(1000, 580, 400, 20)).toBe(true);
    expect(isAtBottom(1000, 560.5, 400, 20)).toBe(true);
    expect(isAtBottom(1000, 500, 400, 20)).toBe(false);
  });
});
