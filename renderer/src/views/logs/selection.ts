/** Copy and export of the selected lines: fetched from main in windows when they are not on screen (never the whole file). */
import { LOGS_MAX_WINDOW, type LogLineView } from '../../../../shared/logs.js';
import { exportFileName, linesText, selectionBounds } from '../../logic/logs-export.js';
import { stationApi } from '../../stores/station.js';
import type { LogTab } from '../../stores/logs-store.js';

/** Most lines one copy or export takes (a selection of a whole 1 GB file is not something to put on a clipboard). */
export const MAX_SELECTION_LINES = 200_000;

/** The selected lines as text, and a file name for them; null without a selection. */
export async function selectionText(tab: LogTab, titleOf: (sourceId: string) => string): Promise<{ text: string; fileName: string; lines: number } | null> {
  if (!tab.selection) return null;
  const [first, lastWanted] = selectionBounds(tab.selection.anchor, tab.selection.focus);
  const last = Math.min(lastWanted, first + MAX_SELECTION_LINES - 1);
  let lines: LogLineView[];
  if (tab.paged) {
    lines = tab.paged.lines.slice(first, last + 1);
  } else {
    lines = [];
    for (let from = first + 1; from <= last + 1; from += LOGS_MAX_WINDOW) {
      const view = await stationApi().invoke('logs:window', { sourceId: tab.sourceIds[0], fromLine: from, count: Math.min(LOGS_MAX_WINDOW, last + 2 - from) });
      lines.push(...view.lines);
      if (view.lines.length === 0) break;
    }
  }
  const from = lines[0]?.n ?? first + 1;
  const to = lines[lines.length - 1]?.n ?? last + 1;
  return { text: linesText(lines, titleOf), fileName: exportFileName(tab.title, from, to), lines: lines.length };
}

/** Puts text on the clipboard; falls back to a hidden textarea where the async clipboard is refused (plain http, no permission). */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // Fall through to the legacy path.
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  document.execCommand('copy');
  area.remove();
}

/** Offers text as a .log download (a Blob URL and an <a download>: works in Electron and any browser, headless too). */
export function downloadText(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoke later: the download starts asynchronously from the URL.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
