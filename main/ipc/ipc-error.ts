import type { IpcErrorCode } from '../../shared/ipc.js';

/** A handler failure with a contract error code: the handler table returns it as `{ok:false, error:{code, message}}`. */
export class IpcError extends Error {
  override readonly name = 'IpcError';

  constructor(
    readonly code: IpcErrorCode,
    message: string,
  ) {
    super(message);
  }
}
