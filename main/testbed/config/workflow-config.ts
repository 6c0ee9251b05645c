import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { TomlTable } from 'smol-toml';
import { TestbedConfigError } from './errors.js';
import { locatePath } from './source-locator.js';
import { readTomlSource } from './toml-file.js';
import { validateDocument } from './validate-document.js';

/** A workflow config with its includes expanded (spec §5.3 rules 1–2). */
export interface ExpandedWorkflowConfig {
  readonly file: string;
  /** Sections in merge order: the file's own, then each include's missing ones. */
  readonly sections: Record<string, TomlTable>;
  /** Every included file, depth first, in the order it was read. */
  readonly includedFiles: string[];
}

/**
 * Loads a workflow config and its `[workflow] includes`, relative to the including file's directory.
 * An include only adds the sections the including file lacks; an included file's own includes are
 * expanded first. A missing include or an include cycle names the file, line and key.
 */
export function loadWorkflowConfig(file: string): ExpandedWorkflowConfig {
  const includedFiles: string[] = [];
  const sections = expand(resolve(file), [], includedFiles);
  return { file: resolve(file), sections, includedFiles };
}

function expand(file: string, chain: readonly string[], includedFiles: string[]): Record<string, TomlTable> {
  const source = readTomlSource(file);
  const document = validateDocument(source);
  // Sections keep the file's order (rule 5 lets later sections win); zod's output would reorder them.
  const sections = structuredClone(source.document) as Record<string, TomlTable>;
  const includes = document.workflow?.includes ?? [];
  const location = { file, line: locatePath(source.text, ['workflow', 'includes']), key: '[workflow] includes' };
  for (const include of includes) {
    const target = resolve(dirname(file), include);
    if ([...chain, file].includes(target)) {
      const cycle = [...chain, file, target].slice([...chain, file].indexOf(target)).map((f) => basename(f));
      throw new TestbedConfigError(`[workflow] includes ${JSON.stringify(include)} forms a cycle: ${cycle.join(' → ')}`, location);
    }
    if (!existsSync(target)) {
      throw new TestbedConfigError(`[workflow] includes ${JSON.stringify(include)}: file not found (looked for ${target})`, location);
    }
    includedFiles.push(target);
    const included = expand(target, [...chain, file], includedFiles);
    for (const [name, table] of Object.entries(included)) {
      if (!(name in sections)) sections[name] = table;
    }
  }
  return sections;
}
