/** The headless station: the renderer over HTTP and the IPC contract over a WebSocket, behind access tokens kept in the data dir. */
export { startHeadlessServer, type HeadlessServer, type HeadlessServerOptions } from './server.js';
export { startStreamServer, type StreamServer, type StreamServerOptions } from './stream-server.js';
export { isLoopbackHost, urlHost } from './loopback.js';
export { assertRendererBuilt, defaultRendererDir } from './renderer-dir.js';
export { loadOrCreateTokens, TOKEN_FILE_NAME } from './token-file.js';
