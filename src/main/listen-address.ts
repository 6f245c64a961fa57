/**
 * Checking that the server can listen where it is configured to, before it opens the database or creates anything
 * (decision 0033): a first start that failed to listen after creating the workspace left an administrator whose
 * generated password was never shown.
 */
import { createServer } from 'node:net';

/** The configured address cannot be listened on; `code` is stable (ADDRESS_IN_USE, ADDRESS_NOT_PERMITTED, ...). */
export class ListenAddressError extends Error {
  override readonly name = 'ListenAddressError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Listens on host:port for a moment and lets go, or throws a ListenAddressError that says what to do. Port 0 (any
 * free port) is always available. Another process may still take the port between this check and the real listen;
 * the server then fails to listen with the same error, and no more has been created than the check allows.
 */
export async function checkListenAddress(host: string, port: number): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen({ host, port, exclusive: true }, () => resolve());
    });
  } catch (error) {
    throw listenAddressError(error, host, port, 'Nothing was created or changed.');
  } finally {
    await new Promise<void>((resolve) => (probe.listening ? probe.close(() => resolve()) : resolve()));
  }
}

/**
 * The clear error for a failure to listen (from the check or from the server's own listen), ending with what it left
 * behind; other errors are returned as they are.
 */
export function listenAddressError(error: unknown, host: string, port: number, aftermath: string): unknown {
  const where = `${host}:${port}`;
  const nothing = aftermath;
  switch ((error as NodeJS.ErrnoException | null)?.code) {
    case 'EADDRINUSE':
      return new ListenAddressError(
        'ADDRESS_IN_USE',
        `cannot listen on ${where}: another program (perhaps another Covenant) is already listening there. ` +
          `Stop it, or choose another port with PORT=... . ${nothing}`,
      );
    case 'EACCES':
      return new ListenAddressError(
        'ADDRESS_NOT_PERMITTED',
        `cannot listen on ${where}: this user may not listen on port ${port} (ports below 1024 need privileges). ` +
          `Choose a port from 1024 up with PORT=... . ${nothing}`,
      );
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ListenAddressError(
        'ADDRESS_UNAVAILABLE',
        `cannot listen on ${where}: ${host} is not an address of this machine. ` +
          `Set HOST to one of its addresses (127.0.0.1, or 0.0.0.0 for all). ${nothing}`,
      );
    default:
      return error;
  }
}
