import { AppError } from '../../domain/app-error';
import { signedCursors, type ListCursor } from './pagination';

const NEWEST_FIRST = { field: 'createdAt', direction: 'desc' } as const;
const ID = '0b5c8e1e-6a3e-4c57-9f39-3d1f3a4b5c6d';
const rows = [
  { id: '00000000-0000-4000-8000-000000000001', createdAt: new Date('2026-01-03T00:00:00.000Z') },
  { id: ID, createdAt: new Date('2026-01-02T00:00:00.000Z') },
  { id: '00000000-0000-4000-8000-000000000003', createdAt: new Date('2026-01-01T00:00:00.000Z') },
];

const cursorFor = signedCursors('test-cursor-secret');
const nextCursor = (pages: ListCursor) => pages.page(rows, 2, (row) => row.createdAt, (row) => row.id).nextCursor!;

function refusal(read: () => unknown): AppError {
  try {
    read();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('the cursor was accepted');
}

describe('signed list cursors', () => {
  const leads = cursorFor('leads', NEWEST_FIRST);

  it('pages rows and reads back the position of the last row shown', () => {
    const page = leads.page(rows, 2, (row) => row.createdAt, (row) => row.id);
    expect(page.items).toEqual([rows[0]!.id, ID]);
    expect(leads.read(page.nextCursor!)).toEqual({ value: '2026-01-02T00:00:00.000Z', id: ID });
  });

  it('gives no next cursor on the last page, and no position without a cursor', () => {
    expect(leads.page(rows, 3, (row) => row.createdAt, (row) => row.id).nextCursor).toBeNull();
    expect(leads.read(undefined)).toBeUndefined();
  });

  it('keeps numbers and nulls as sort values', () => {
    const byPrice = cursorFor('properties', { field: 'price', direction: 'asc' });
    expect(byPrice.read(byPrice.page(rows, 1, () => 145000.5, (row) => row).nextCursor!)).toEqual({ value: 145000.5, id: rows[0]!.id });
    expect(byPrice.read(byPrice.page(rows, 1, () => null, (row) => row).nextCursor!)).toEqual({ value: null, id: rows[0]!.id });
  });

  it.each([
    ['another list', () => cursorFor('properties', NEWEST_FIRST)],
    ['another sort field', () => cursorFor('leads', { field: 'updatedAt', direction: 'desc' })],
    ['another sort direction', () => cursorFor('leads', { field: 'createdAt', direction: 'asc' })],
    ['another secret', () => signedCursors('another-secret')('leads', NEWEST_FIRST)],
  ])('refuses a cursor issued for %s', (_label, reader) => {
    expect(refusal(() => reader().read(nextCursor(leads))).status).toBe(400);
  });

  it('refuses a cursor whose position was changed, even when it stays well-formed', () => {
    const [, signature] = nextCursor(leads).split('.');
    const forged = Buffer.from(JSON.stringify(['2099-01-01T00:00:00.000Z', ID])).toString('base64url');
    expect(() => leads.read(`${forged}.${signature}`)).toThrow(AppError);
  });

  it.each([
    ['the old unsigned form', Buffer.from(JSON.stringify({ value: '2026-01-02T00:00:00.000Z', id: ID })).toString('base64url')],
    ['plain text', 'not-a-cursor'],
    ['an empty string', ''],
    ['a lone dot', '.'],
    ['a signature with its last character changed', `${nextCursor(leads).slice(0, -1)}${nextCursor(leads).endsWith('A') ? 'B' : 'A'}`],
    ['a signature with padding added', `${nextCursor(leads)}=`],
    ['an extra segment', `${nextCursor(leads)}.x`],
  ])('refuses %s as a 400 naming the cursor field', (_label, cursor) => {
    const error = refusal(() => leads.read(cursor));
    expect(error).toMatchObject({ code: 'validation_failed', status: 400 });
    expect(error.extra.fields).toEqual([expect.objectContaining({ path: 'cursor', code: 'invalid_cursor' })]);
  });
});
