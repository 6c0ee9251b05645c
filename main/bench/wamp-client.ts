import autobahn from 'autobahn';

/** A joined autobahn-js session used by the bench, with a close that waits for the disconnect. */
export interface BenchSession {
  session: autobahn.Session;
  close(): Promise<void>;
}

/**
 * Opens one autobahn-js session over WebSocket with the JSON serializer (the only one both
 * routers speak) and no reconnects; the same client code is used against every router.
 */
export function openBenchSession(url: string, realm: string, timeoutMs = 10_000): Promise<BenchSession> {
  return new Promise((resolve, reject) => {
    const connection = new autobahn.Connection({ url, realm, protocols: ['wamp.2.json'], max_retries: 0 });
    let onClosed: (() => void) | undefined;
    const timer = setTimeout(() => {
      connection.close();
      reject(new Error(`no WAMP session on ${url} within ${timeoutMs} ms`));
    }, timeoutMs);
    connection.onopen = (session) => {
      clearTimeout(timer);
      resolve({
        session,
        close: () =>
          new Promise<void>((done) => {
            if (!connection.isOpen) return done();
            onClosed = done;
            connection.close();
          }),
      });
    };
    connection.onclose = (reason, details) => {
      clearTimeout(timer);
      onClosed?.();
      reject(new Error(`WAMP connection to ${url} closed: ${reason} ${JSON.stringify(details)}`));
      return false;
    };
    connection.open();
  });
}
