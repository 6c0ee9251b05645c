import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

// Electron bundles go under out/electron/ so they never collide with the CLI that tsc compiles into out/main/.
// The renderer is built once into out/renderer/: Electron loads it from disk, `station serve` serves it over HTTP.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/electron/main',
      rollupOptions: { input: { index: resolve(__dirname, 'main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/electron/preload',
      // Sandboxed preloads cannot be ES modules: one self-contained CommonJS file (only `electron` stays external).
      rollupOptions: {
        input: { index: resolve(__dirname, 'preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].js' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      // electron-vite leaves bundles unminified; the renderer is also served over HTTP in headless mode.
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
  },
});
