/** What node-postgres and the server say when the database cannot be reached or went away. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  // admin_shutdown, crash_shutdown, cannot_connect_now: a restart or shutdown of the server.
  '57P01',
  '57P02',
  '57P03',
]);

const CONNECTION_MESSAGES =
  /Connection terminated|connection error|timeout exceeded when trying to connect|Client was closed|not queryable/i;

const codeOf = (error: unknown): string => String((error as { code?: unknown } | undefined)?.code ?? '');

/** The server was unreachable or the connection broke: trying again later may well work. */
export function isConnectionError(error: unknown): boolean {
  const code = codeOf(error);
  if (CONNECTION_CODES.has(code) || code.startsWith('08')) return true;
  return error instanceof Error && CONNECTION_MESSAGES.test(error.message);
}

/** Two transactions got in each other's way (serialization failure, deadlock): run it again. */
export function isConflict(error: unknown): boolean {
  const code = codeOf(error);
  return code === '40001' || code === '40P01';
}

/** PostgreSQL's errors in words a person can act on. */
export function describePostgresError(error: unknown, where: string): string {
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ECONNREFUSED')
    return `nothing answers at ${where}: is PostgreSQL running, and are host and port right? (${message})`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `the host of ${where} is unknown (${message})`;
  if (code === '28P01' || code === '28000')
    return `PostgreSQL at ${where} refused the user or password in DATABASE_URL (${message})`;
  if (code === '3D000')
    return `the database of ${where} does not exist: create it (createdb) or fix DATABASE_URL (${message})`;
  if (code === '42501') return `the user of DATABASE_URL lacks a permission at ${where} (${message})`;
  if (isConnectionError(error)) return `the connection to ${where} failed (${message})`;
  return message;
}
