import type { TenantTx } from '../../prisma/client';

/**
 * Books `durationMs` of the agency's sending number after whatever other campaigns booked, and
 * returns when this booking starts: campaigns sharing a number take turns batch by batch, so
 * together they stay within its limit. Lost time is caught up by at most 100 ms, as in the pacer.
 */
export async function bookSendWindow(tx: TenantTx, durationMs: number): Promise<number> {
  const [row] = await tx.$queryRaw<{ end: Date }[]>`
    UPDATE "WhatsAppChannel"
    SET "sendWindowEnd" = GREATEST(COALESCE("sendWindowEnd", clock_timestamp()), clock_timestamp() - interval '100 milliseconds') + ${durationMs} * interval '1 millisecond'
    RETURNING "sendWindowEnd" AS end`;
  return row ? row.end.getTime() - durationMs : Date.now();
}
