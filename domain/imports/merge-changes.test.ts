import { editedSince, mergeChanges, patchOf } from './merge-changes';

const decimal = (value: number) => ({ toNumber: () => value });

describe('merging a row into an existing record', () => {
  it('fills blank fields and adds to lists, never overwriting what the record has', () => {
    const existing = { name: 'Lucía Fernández', email: null, tags: ['compra'], budgetMax: decimal(150000), notes: '' };
    const incoming = { name: 'Lucia F.', email: 'lucia@example.com', tags: ['compra', 'palermo'], budgetMax: 200000, notes: 'Llamar a la tarde' };
    expect(mergeChanges(existing, incoming, ['tags'])).toEqual({
      email: { from: null, to: 'lucia@example.com' },
      tags: { from: ['compra'], to: ['compra', 'palermo'] },
      notes: { from: '', to: 'Llamar a la tarde' },
    });
  });

  it('changes nothing when the file brings nothing new', () => {
    expect(mergeChanges({ name: 'Ana', tags: ['a'] }, { name: '', tags: ['a'], email: undefined }, ['tags'])).toEqual({});
  });

  it('undoes by the from side, and finds the fields someone edited since, decimals compared by value', () => {
    const changes = { email: { from: null, to: 'a@b.co' }, budgetMin: { from: null, to: 1000 } };
    expect(patchOf(changes, 'from')).toEqual({ email: null, budgetMin: null });
    expect(editedSince({ email: 'a@b.co', budgetMin: decimal(1000) }, changes)).toEqual([]);
    expect(editedSince({ email: 'other@b.co', budgetMin: decimal(1000) }, changes)).toEqual(['email']);
  });
});
