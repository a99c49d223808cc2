/**
 * Linux `errno` values as the models raise them — what Python surfaces as `OSError` (with the
 * subclasses `BlockingIOError`, `FileNotFoundError`, `ProcessLookupError`, …). Code under test
 * branches on `code` exactly as it would on `e.errno`.
 */

/** The errno names the POSIX models can raise (Linux numbering is irrelevant to the models). */
export type Errno = 'EBADF' | 'ENOENT' | 'EEXIST' | 'EWOULDBLOCK' | 'ESRCH' | 'ECHILD' | 'EINVAL' | 'EINTR';

const TEXT: Record<Errno, string> = {
  EBADF: 'Bad file descriptor',
  ENOENT: 'No such file or directory',
  EEXIST: 'File exists',
  EWOULDBLOCK: 'Resource temporarily unavailable',
  ESRCH: 'No such process',
  ECHILD: 'No child processes',
  EINVAL: 'Invalid argument',
  EINTR: 'Interrupted system call',
};

/**
 * A failed system call: `code` is the errno name, `syscall` the call that failed. Misuse errors
 * (EBADF, EINVAL) carry a `hint` saying what the caller most likely got wrong.
 */
export class PosixError extends Error {
  constructor(
    readonly code: Errno,
    readonly syscall: string,
    readonly hint?: string,
  ) {
    super(`[${code}] ${syscall}: ${TEXT[code]}${hint ? ` — ${hint}` : ''}`);
    this.name = 'PosixError';
  }
}

/** True when `e` is a {@link PosixError} with this errno (`except BlockingIOError:` and friends). */
export function isErrno(e: unknown, code: Errno): e is PosixError {
  return e instanceof PosixError && e.code === code;
}
