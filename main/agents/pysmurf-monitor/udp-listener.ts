import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import type { OcsLogger } from '../../ocs/logger.js';

export interface UdpListener {
  readonly address: string;
  readonly port: number;
  /** Stops receiving and releases the port. Safe to call twice. */
  close(): Promise<void>;
}

// Bursts from many slots at once should queue in the kernel rather than be dropped there.
const RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;

/**
 * Binds a UDP socket on `host:port` (port 0 = a free one) and hands every datagram to `onDatagram`.
 * Rejects with the address when it cannot bind (e.g. the port is taken).
 */
export async function listenUdp(host: string, port: number, onDatagram: (data: Buffer, from: RemoteInfo) => void, logger: OcsLogger): Promise<UdpListener> {
  const socket: Socket = createSocket({ type: isIPv6(host) ? 'udp6' : 'udp4' });
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      socket.close();
      // Keep the errno code so callers can fall back (e.g. to a free port on EADDRINUSE).
      reject(Object.assign(new Error(`PysmurfMonitor cannot listen on UDP ${host}:${port}: ${error.message}`, { cause: error }), { code: error.code }));
    };
    socket.once('error', onError);
    socket.bind(port, host, () => {
      socket.off('error', onError);
      resolve();
    });
  });
  socket.on('error', (error) => logger.error(`UDP socket error: ${error.message}`));
  socket.on('message', onDatagram);
  try {
    socket.setRecvBufferSize(RECEIVE_BUFFER_BYTES);
  } catch {
    // The kernel caps it (net.core.rmem_max); the default buffer still works.
  }
  const bound = socket.address();
  let closed: Promise<void> | null = null;
  return {
    address: bound.address,
    port: bound.port,
    close: () => (closed ??= new Promise<void>((resolve) => socket.close(() => resolve()))),
  };
}
