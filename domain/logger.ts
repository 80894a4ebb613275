import { correlationFields } from './request-context';

type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(name: string): Logger;
}

const SECRET_KEY = /(token|secret|password|api[_-]?key|authorization|cookie)/i;

/** Masks values under secret-looking keys so a log line never carries a credential. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, item]) => [
      key,
      SECRET_KEY.test(key) && item !== undefined && item !== null ? '[redacted]' : redact(item, depth + 1),
    ]),
  );
}

/** One JSON object per line on stdout/stderr. */
type Sink = (line: string, isError: boolean) => void;
const stdio: Sink = (line, isError) => void (isError ? process.stderr : process.stdout).write(`${line}\n`);

export function createLogger(name: string, level: Level = 'info', write: Sink = stdio): Logger {
  const emit = (at: Level, message: string, fields?: Record<string, unknown>) => {
    if (ORDER[at] < ORDER[level]) return;
    const entry = { time: new Date().toISOString(), level: at, name, msg: message, ...correlationFields(), ...(fields ? (redact(fields) as object) : {}) };
    write(JSON.stringify(entry), at === 'error' || at === 'warn');
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (childName) => createLogger(`${name}.${childName}`, level, write),
  };
}
