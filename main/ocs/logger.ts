/** The logging seam of the OCS runtime: agents log session messages and connection events here. */
export interface OcsLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Writes info and above to stderr with an ISO timestamp and a prefix (e.g. the agent address). */
export function consoleLogger(prefix: string): OcsLogger {
  const write = (level: string, message: string) => process.stderr.write(`${new Date().toISOString()} ${level} ${prefix}: ${message}\n`);
  return {
    debug: () => {},
    info: (m) => write('info', m),
    warn: (m) => write('warn', m),
    error: (m) => write('error', m),
  };
}

/** Discards everything (tests, benchmarks). */
export const silentLogger: OcsLogger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
