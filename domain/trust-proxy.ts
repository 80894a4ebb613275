import { isIP } from 'node:net';
import { z } from 'zod';

/** Express's own names for address ranges (see proxy-addr). */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(entry: string): boolean {
  if (RANGE_NAMES.has(entry)) return true;
  const [address = '', bits, ...rest] = entry.split('/');
  const version = isIP(address);
  if (!version || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128);
}

/**
 * Express's `trust proxy`: a hop count, or the proxies trusted to report the client's address
 * (names, addresses, CIDRs). `true` is refused: it would let any client choose its own address.
 */
export const trustProxySetting = z
  .string()
  .transform((value, ctx): number | string[] => {
    if (/^\d{1,2}$/.test(value.trim())) return Number(value.trim());
    const entries = value.split(',').map((entry) => entry.trim());
    if (entries.length > 0 && entries.every(isProxyAddress)) return entries;
    ctx.addIssue({ code: 'custom', message: 'must be a hop count or a comma-separated list of loopback, linklocal, uniquelocal, IP addresses and CIDRs' });
    return z.NEVER;
  });
