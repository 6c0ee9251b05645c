import { z } from 'zod';
import { AGENT_KEYS } from './agent-keys.js';
import { DAQ_KEY_SHAPE } from './daq-settings.js';

/**
 * zod schemas for one testbed-format TOML document: the testbed file itself and every workflow
 * config (`fast_processing_default.toml`, `daq_state_machine.toml`, …) share this shape (spec §5.2–5.3).
 * Each leaf carries its own error text; validate-document.ts turns issues into located messages.
 */

const BOOLEAN = 'must be a boolean (true or false)';
const STRING = 'must be a string';

/** Keys allowed in each fixed section, listed in "unknown key" errors. */
export const SECTION_KEYS = {
  testbed: ['namespace'],
  agent: ['enabled', 'script'],
  workflow: ['name', 'config', 'realtime', 'version', 'description', 'includes'],
} as const;

/** System sections never merged into the executor's view (spec §5.3 rule 5). */
export const SYSTEM_SECTIONS: readonly string[] = ['workflow', 'testbed', 'agents', 'source', 'git_version'];

const agentSchema = z.strictObject(
  { enabled: z.boolean({ error: BOOLEAN }).default(false), script: z.string({ error: STRING }).optional() },
  { error: 'must be a table' },
);

const agentsSchema = z.strictObject(
  Object.fromEntries(AGENT_KEYS.map((key) => [key, agentSchema.optional()])) as Record<(typeof AGENT_KEYS)[number], z.ZodOptional<typeof agentSchema>>,
  { error: 'must be a table of [agents.<name>] sections' },
);

const testbedSchema = z.strictObject({ namespace: z.string({ error: STRING }).optional() }, { error: 'must be a table' });

const workflowSchema = z.strictObject(
  {
    name: z.string({ error: STRING }).min(1, { error: 'must not be empty' }).optional(),
    config: z.string({ error: STRING }).min(1, { error: 'must not be empty' }).optional(),
    realtime: z.boolean({ error: BOOLEAN }).optional(),
    version: z.string({ error: STRING }).optional(),
    description: z.string({ error: STRING }).optional(),
    includes: z.array(z.string({ error: STRING }).min(1, { error: 'must not be empty' }), { error: 'must be an array of file names' }).optional(),
  },
  { error: 'must be a table' },
);

/** A parameter override: a plain TOML scalar. */
export const paramValueSchema = z.union([z.number(), z.string(), z.boolean()], { error: 'must be a number, string or boolean' });

/** `[parameters]` and params passed in code: scalars, with the DAQ keys numeric. */
export const parametersSchema = z.object(DAQ_KEY_SHAPE, { error: 'must be a table' }).catchall(paramValueSchema);

/** Any other section (`[daq_state_machine]`, `[fast_processing]`, `[simulation]`, …): free-form, DAQ keys numeric. */
const extraSectionSchema = z.object(DAQ_KEY_SHAPE, { error: 'must be a table (a [section]); keys outside any section are not allowed' }).catchall(z.unknown());

/** One whole document. */
export const documentSchema = z
  .object({
    testbed: testbedSchema.optional(),
    agents: agentsSchema.optional(),
    workflow: workflowSchema.optional(),
    parameters: parametersSchema.optional(),
  })
  .catchall(extraSectionSchema);

/** The validated document (defaults applied). */
export type ValidDocument = z.output<typeof documentSchema>;
