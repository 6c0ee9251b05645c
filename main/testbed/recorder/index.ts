/** The station's message recorder: every testbed broadcast into the store, without duplicates. */
export { MessageRecorder, RECORDED_TOPICS, type MessageRecorderOptions, type RecorderStats } from './message-recorder.js';
