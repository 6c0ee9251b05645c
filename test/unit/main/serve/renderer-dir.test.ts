import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertRendererBuilt, defaultRendererDir } from '../../../../main/serve/renderer-dir.js';

describe('renderer directory', () => {
  it('is out/renderer next to the compiled CLI', () => {
    // Seen from the sources (main/serve/) the same relative step lands on the repository's renderer folder.
    expect(defaultRendererDir()).toMatch(/\/renderer$/);
  });

  it('refuses an unbuilt renderer with the one step that fixes it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'station-unbuilt-'));
    try {
      expect(() => assertRendererBuilt(dir)).toThrow(`the renderer is not built (${join(dir, 'index.html')} is missing); run \`npm run build\` first`);
      writeFileSync(join(dir, 'index.html'), '<!doctype html>');
      expect(() => assertRendererBuilt(dir)).not.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
