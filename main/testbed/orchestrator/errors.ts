/** Refusals of the orchestrator: the action is not allowed now; the text says why and what to do. */
export class TestbedRefusal extends Error {
  override readonly name = 'TestbedRefusal';
  constructor(
    message: string,
    /** A follow-up line for the user (e.g. `Run 'testbed stop-agents' first …`). */
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** Python's repr of a list of names, as upstream prints it: `['workflow-runner', 'example-data-agent']`. */
export function pythonList(names: readonly string[]): string {
  return `[${names.map((n) => `'${n}'`).join(', ')}]`;
}
