/** Runs `stop` once on the first SIGINT or SIGTERM, then exits; a second signal exits at once. */
export function stopOnSignals(name: string, stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    process.stderr.write(`${name}: ${signal} received, shutting down\n`);
    stop().then(
      () => process.exit(0),
      (error) => {
        process.stderr.write(`${name}: error while shutting down: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/** A logger writing `time level message` lines to stderr. */
export function stderrLogger(prefix: string): (level: string, message: string) => void {
  return (level, message) => process.stderr.write(`${new Date().toISOString()} ${prefix} ${level}: ${message}\n`);
}

/** Parses a CLI number option, refusing anything that is not a finite number in range. */
export function parseNumber(name: string, min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (value.trim() === '' || !Number.isFinite(number) || number < min || number > max) {
      throw new Error(`${name} must be a number between ${min} and ${max}, got "${value}"`);
    }
    return number;
  };
}

/** The `--data-dir` flag shared by the commands that open the station store. */
export const DATA_DIR_FLAG = '--data-dir <dir>';
export const DATA_DIR_HELP = 'station data directory (default $STATION_DATA_DIR, else ~/.local/share/control-station)';
