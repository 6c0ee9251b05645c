import autobahn from 'autobahn';

export interface OpenSession {
  session: autobahn.Session;
  connection: autobahn.Connection;
  /** Closes the connection and waits until it is closed. */
  close(): Promise<void>;
}

/** Opens an autobahn-js session (no automatic retries) and resolves once it has joined. */
export function openSession(url: string, realm = 'test_realm', options: Partial<autobahn.IConnectionOptions> = {}): Promise<OpenSession> {
  return new Promise((resolve, reject) => {
    const connection = new autobahn.Connection({ url, realm, max_retries: 0, ...options });
    let closedResolve: (() => void) | undefined;
    connection.onopen = (session) =>
      resolve({
        session,
        connection,
        close: () =>
          new Promise<void>((done) => {
            if (!connection.isOpen) return done();
            closedResolve = done;
            connection.close();
          }),
      });
    connection.onclose = (reason, details) => {
      closedResolve?.();
      if (reason === 'unreachable' || reason === 'unsupported') reject(new Error(`${reason}: ${JSON.stringify(details)}`));
      return false;
    };
    connection.open();
  });
}
