/** An error raised by SQLite itself (better-sqlite3 gives every one a SQLITE_* code). */
export function isSqliteError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_');
}

/** Turns SQLite's codes into words a person can act on. */
export function describeSqliteError(error: unknown): string {
  const code = (error as { code?: string } | undefined)?.code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  if (code.startsWith('SQLITE_READONLY')) return `the file or its folder is read-only (${message})`;
  if (code === 'SQLITE_FULL') return `the disk is full (${message})`;
  // A refused write (ENOSPC, EFBIG over a file size limit, EPERM on an immutable file) surfaces as an I/O error.
  if (code.startsWith('SQLITE_IOERR'))
    return `a write or read failed: the disk may be full or read-only, or a file size limit was reached (${message})`;
  if (code.startsWith('SQLITE_CANTOPEN'))
    return `the file cannot be opened; check the path and permissions (${message})`;
  if (code === 'SQLITE_BUSY') return `another process holds a lock on the database for too long (${message})`;
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB')
    return `the file is not a valid ree-watch database (${message})`;
  if (code === 'EACCES' || code === 'EROFS') return `permission denied (${message})`;
  return message;
}
