/**
 * Follow mode (tail -f) as a small state machine: following while the user is at the bottom, paused
 * (counting the lines that arrive meanwhile) once they scroll up or jump elsewhere, following again when
 * they reach the bottom or press resume.
 */

export type FollowState = { mode: 'following' } | { mode: 'paused'; newLines: number };

export type FollowEvent =
  /** Lines were appended to the source (a logs:appended push). */
  | { type: 'appended'; count: number }
  /** The user scrolled; `atBottom` says whether the last line is in view. */
  | { type: 'scrolled'; atBottom: boolean }
  /** The view moved away from the tail on its own (search hit, jump to a time, a clicked line). */
  | { type: 'jumped' }
  /** The resume button (or End). */
  | { type: 'resume' }
  /** The file was truncated or replaced: earlier line numbers mean nothing, so the count restarts. */
  | { type: 'reset' };

export const FOLLOWING: FollowState = { mode: 'following' };

/** The next follow state; returns the same object when nothing changes (so stores can skip a set). */
export function nextFollow(state: FollowState, event: FollowEvent): FollowState {
  switch (event.type) {
    case 'appended':
      if (state.mode === 'following' || event.count <= 0) return state;
      return { mode: 'paused', newLines: state.newLines + event.count };
    case 'scrolled':
      if (event.atBottom) return state.mode === 'following' ? state : FOLLOWING;
      return state.mode === 'paused' ? state : { mode: 'paused', newLines: 0 };
    case 'jumped':
      return state.mode === 'paused' ? state : { mode: 'paused', newLines: 0 };
    case 'resume':
      return state.mode === 'following' ? state : FOLLOWING;
    case 'reset':
      return state.mode === 'paused' && state.newLines !== 0 ? { mode: 'paused', newLines: 0 } : state;
  }
}

/** Whether a scroll position counts as "at the bottom": within two rows of the end (sub-pixel scroll positions never hit 0 exactly). */
export function isAtBottom(scrollHeight: number, scrollTop: number, clientHeight: number, rowHeight: number): boolean {
  return scrollHeight - scrollTop - clientHeight < rowHeight * 2;
}

/** "following paused — 12 new lines" */
export function pausedText(state: FollowState): string {
  if (state.mode === 'following') return 'following';
  const n = state.newLines;
  return `following paused — ${n} new line${n === 1 ? '' : 's'}`;
}
