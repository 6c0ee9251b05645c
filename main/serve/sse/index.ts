/** The authenticated SSE stream of recorded testbed messages (`GET /api/messages/stream/`). */
export { createMessageStream, MESSAGE_STREAM_PATH, type MessageStream, type MessageStreamOptions } from './stream.js';
export { parseStreamFilters, matchesFilters, type StreamFilters } from './filters.js';
export { formatEvent, messageEvent, enrichBody } from './events.js';
export { MessageTail, type MessageTailOptions, type TailSubscriber } from './tail.js';
