import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type Electron from 'electron';
import { z } from 'zod';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Size and position of the main window, remembered between runs (x/y absent: let the window manager place it). */
export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1440, height: 900, maximized: false };
const MIN_SIZE = { width: 640, height: 400 };

const stateSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(MIN_SIZE.width).max(100_000),
  height: z.number().int().min(MIN_SIZE.height).max(100_000),
  maximized: z.boolean(),
});

/**
 * Reads the saved state; a missing, unreadable or malformed file gives the defaults. A position that
 * no current display shows (a monitor was unplugged) is dropped so the window cannot open off-screen.
 */
export function readWindowState(file: string, workAreas: readonly Rect[]): WindowState {
  let parsed: WindowState;
  try {
    const result = stateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!result.success) return { ...DEFAULT_WINDOW_STATE };
    parsed = result.data;
  } catch {
    return { ...DEFAULT_WINDOW_STATE };
  }
  if (parsed.x === undefined || parsed.y === undefined) return { width: parsed.width, height: parsed.height, maximized: parsed.maximized };
  const bounds = { x: parsed.x, y: parsed.y, width: parsed.width, height: parsed.height };
  if (!workAreas.some((area) => visibleEnough(bounds, area))) return { width: parsed.width, height: parsed.height, maximized: parsed.maximized };
  return parsed;
}

/** Writes the state atomically (temporary file, then rename), so a crash mid-write never leaves a torn file. */
export function writeWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state)}\n`, 'utf8');
  renameSync(temporary, file);
}

export type TrackableWindow = Pick<Electron.BrowserWindow, 'on' | 'getNormalBounds' | 'isMaximized' | 'isDestroyed'>;

/** Saves the window's state after moves and resizes settle (debounced) and once more when it closes. Returns a stop function. */
export function trackWindowState(win: TrackableWindow, save: (state: WindowState) => void, debounceMs = 500): () => void {
  let timer: NodeJS.Timeout | undefined;
  const snapshot = (): WindowState => ({ ...win.getNormalBounds(), maximized: win.isMaximized() });
  const saveNow = () => {
    clearTimeout(timer);
    timer = undefined;
    if (!win.isDestroyed()) save(snapshot());
  };
  const saveSoon = () => {
    clearTimeout(timer);
    timer = setTimeout(saveNow, debounceMs);
  };
  win.on('resize', saveSoon);
  win.on('move', saveSoon);
  win.on('maximize', saveSoon);
  win.on('unmaximize', saveSoon);
  win.on('close', saveNow);
  return () => clearTimeout(timer);
}

// At least a 100×50 px corner of the window (its title bar, in practice) must lie on the display.
function visibleEnough(window: Rect, area: Rect): boolean {
  const overlapX = Math.min(window.x + window.width, area.x + area.width) - Math.max(window.x, area.x);
  const overlapY = Math.min(window.y + window.height, area.y + area.height) - Math.max(window.y, area.y);
  return overlapX >= 100 && overlapY >= 50;
}
