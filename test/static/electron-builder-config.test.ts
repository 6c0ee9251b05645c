/**
 * electron-builder.yml as the packaging promises it: hardened fuses, an explicit file list, resources
 * unpacked for python3, /bin/sh and supervisord, AppImage and deb targets with a desktop entry; every
 * key checked against electron-builder's own schema, so a typo fails here rather than on a build machine.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface BuilderConfig {
  files: string[];
  asar: boolean;
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
  linux: { target: string[]; executableName: string; desktop: { entry: Record<string, string> } };
}
const config = parse(readFileSync(new URL('../../electron-builder.yml', import.meta.url), 'utf8')) as BuilderConfig;
const scheme = createRequire(import.meta.url)('app-builder-lib/scheme.json') as { properties: Record<string, unknown>; definitions: Record<string, { properties?: Record<string, unknown> }> };

describe('electron-builder.yml', () => {
  it('uses only keys electron-builder knows (top level, linux, desktop entry)', () => {
    expect(Object.keys(config).filter((key) => !(key in scheme.properties))).toEqual([]);
    expect(Object.keys(config.linux).filter((key) => !(key in scheme.definitions.LinuxConfiguration.properties!))).toEqual([]);
    expect(Object.keys(config.linux.desktop)).toEqual(['entry']);
  });

  it('hardens the binary with fuses: no running as Node, no NODE_OPTIONS or inspector, asar only and integrity-checked', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packs an explicit allowlist into the asar and unpacks what external processes read', () => {
    expect(config.asar).toBe(true);
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'package.json', 'resources/smurf/**', 'resources/testbed/**', '!**/*.map']));
    expect(config.files.some((pattern) => pattern === '**/*' || pattern === '**')).toBe(false);
    expect(config.asarUnpack).toEqual(['resources/smurf/**', 'resources/testbed/**']);
  });

  it('builds AppImage and deb with a desktop entry', () => {
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.linux.desktop.entry).toMatchObject({ Name: 'Control Station', Terminal: 'false' });
    expect(config.linux.desktop.entry.Categories).toMatch(/^Science;/);
    expect(config.linux.executableName).toBe('control-station');
  });
});
