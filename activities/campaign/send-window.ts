import type { TenantTx } from '../../prisma/client';
import { CATCH_UP_MS, type SendWindow } from './pacer';

/**
 * Books the agency's sending number for `sends` at `perSecond`, starting at the latest of: the end of
 * what other campaigns booked, `now` less the pacer's catch-up allowance, and the campaign's own
 * `notBefore`. Campaigns sharing a number thus take turns in windows that never overlap; the batch's
 * pacer starts exactly at the window's start, so the window is where it sends.
 */
export async function bookSendWindow(tx: TenantTx, booking: { sends: number; perSecond: number; notBefore: number; now: number }): Promise<SendWindow> {
  const durationMs = Math.ceil((booking.sends * 1000) / booking.perSecond);
  const earliest = Math.ceil(Math.max(booking.notBefore, booking.now - CATCH_UP_MS));
  // Epoch milliseconds throughout: exact, whatever the session's time zone.
  const [row] = await tx.$queryRaw<{ end: bigint }[]>`
    UPDATE "WhatsAppChannel"
    SET "sendWindowEnd" = timestamp '1970-01-01' + (GREATEST(COALESCE((extract(epoch FROM "sendWindowEnd") * 1000)::bigint, 0), ${earliest}::bigint) + ${durationMs}::bigint) * interval '1 millisecond'
    RETURNING (extract(epoch FROM "sendWindowEnd") * 1000)::bigint AS end`;
  const end = row ? Number(row.end) : earliest + durationMs;
  return { start: end - durationMs, end };
}
