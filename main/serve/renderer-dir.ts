import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** out/renderer, seen from the compiled CLI (out/main/serve/). */
export function defaultRendererDir(): string {
  return fileURLToPath(new URL('../../renderer', import.meta.url));
}

/** Refuses to serve a renderer that was never built, with the one step that fixes it. */
export function assertRendererBuilt(rendererDir: string): void {
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`the renderer is not built (${join(rendererDir, 'index.html')} is missing); run \`npm run build\` first`);
  }
}
