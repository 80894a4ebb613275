import { ApplicationFailure } from '@temporalio/common';
import { DEFAULT_MESSAGES_PER_SECOND } from '../../domain/campaign';
import type { Database, SqlQuery } from '../../prisma/client';
import { systemClock, type Clock } from './clock';
import { LATE_MS, PACED_SECOND_MS, Pacer, type SendWindow } from './pacer';

/**
 * How far ahead a single send books its slot, so that the booking's own transaction has come back by then;
 * a slot that passed all the same (a busy process) is booked again further ahead, SLOT_ATTEMPTS times in all.
 */
const SLOT_LEAD_MS = 20;
const SLOT_ATTEMPTS = 10;

export interface SendBooking {
  sends: number;
  perSecond?: number;
  notBefore: number;
  now: number;
}

/** A booking as PostgreSQL answers it (astor_book_send_window, prisma/routines/sends.sql); none without a number. */
export interface BookedRow {
  end: string | number | bigint;
  duration: string | number | bigint;
  perSecond: number;
}

/** Where a booking starts at the earliest: its own `notBefore`, and `now` plus LATE_MS (the booking's own round trip). */
export const bookingStart = (booking: SendBooking) => Math.ceil(Math.max(booking.notBefore, booking.now + LATE_MS));

/** The window a booking got; without a number to share, nothing else sends on it. */
export function bookedWindow(row: BookedRow | undefined | null, booking: SendBooking): SendWindow & { perSecond: number } {
  if (!row) {
    const rate = booking.perSecond ?? DEFAULT_MESSAGES_PER_SECOND;
    const start = bookingStart(booking);
    return { start, end: start + Math.ceil((booking.sends * PACED_SECOND_MS) / rate), perSecond: rate };
  }
  const end = Number(row.end);
  return { start: end - Number(row.duration), end, perSecond: row.perSecond };
}

/**
 * Books the agency's sending number for `sends` at `perSecond` (the number's own limit when not
 * given), starting at the later of the end of what was booked before and bookingStart. Bookings on a
 * number follow one another and never overlap; a pacer starts exactly at the window's start, so the
 * window is where it sends.
 */
export async function bookSendWindow(query: SqlQuery, booking: SendBooking): Promise<SendWindow & { perSecond: number }> {
  const [row] = await query<BookedRow>(`SELECT * FROM astor_book_send_window($1, $2, $3, $4)`, [booking.sends, booking.perSecond ?? null, bookingStart(booking), PACED_SECOND_MS]);
  return bookedWindow(row, booking);
}

/** The booking one send outside campaigns makes on its `attempt`-th try at a slot. */
export const singleSendBooking = (now: number, attempt = 1): SendBooking => ({ sends: 1, notBefore: now + attempt * SLOT_LEAD_MS, now });

/**
 * Waits for a slot of its own on the agency's number, at the number's limit, for one send outside
 * campaigns (an agent's reply, a bot's, an automation's): it takes its turn with them. `booked` is a
 * first try's window booked already (in the transaction that marked the send dispatched).
 */
export async function waitForSendSlot(db: Database, tenantId: string, clock: Clock = systemClock, booked?: SendWindow & { perSecond: number }): Promise<void> {
  if (booked && (await new Pacer(booked.perSecond, booked, clock).slot()) !== null) return;
  for (let attempt = booked ? 2 : 1; attempt <= SLOT_ATTEMPTS; attempt += 1) {
    const now = clock.now();
    const window = await db.sqlInTenant(tenantId, (query) => bookSendWindow(query, singleSendBooking(now, attempt)));
    if ((await new Pacer(window.perSecond, window, clock).slot()) !== null) return;
  }
  throw ApplicationFailure.retryable('The WhatsApp number had no slot this process could take in time', 'NoSendSlot');
}
