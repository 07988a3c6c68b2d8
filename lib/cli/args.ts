import { parseArgs, type ParseArgsConfig } from 'node:util';
import { TrailguardError } from '../errors';
import { SEVERITIES, type Severity } from '../rule';

/** Bad command-line input: the CLI prints the message and exits 2. */
export class UsageError extends TrailguardError {
  public override readonly name = 'UsageError';
}

export const parse = <T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) => {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (cause) {
    throw new UsageError((cause as Error).message, { cause });
  }
};

export const oneOf = <T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T => {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${flag} must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
  }
  return value as T;
};

export const severityFlag = (flag: string, value: string | undefined): Severity | undefined =>
  value === undefined ? undefined : oneOf(flag, value.toUpperCase(), SEVERITIES, 'LOW');

export const portsFlag = (flag: string, value: string | undefined): number[] | undefined => {
  if (value === undefined) return undefined;
  const ports = value.split(',').filter((part) => part.trim() !== '').map((part) => {
    const port = Number(part.trim());
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new UsageError(`--${flag}: ${JSON.stringify(part)} is not a port number (0-65535)`);
    }
    return port;
  });
  return ports;
};

export const countFlag = (flag: string, value: string | undefined, fallback: number): number => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${flag} must be a whole number (got ${JSON.stringify(value)})`);
  return n;
};
