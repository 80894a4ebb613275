/** A keyset position: the last row's sort value and id (ids break ties). */
export interface KeysetCursor {
  value: string | number | null;
  id: string;
}

export interface KeysetOrder<F extends string = string> {
  field: F;
  direction: 'asc' | 'desc';
}

/** The `where` that continues an order of (field, id) after the cursor; dates travel as ISO strings. */
export function afterKeyset(order: KeysetOrder, cursor: KeysetCursor, asDate = true): object {
  const op = order.direction === 'desc' ? 'lt' : 'gt';
  const value = asDate ? new Date(String(cursor.value)) : cursor.value;
  return { OR: [{ [order.field]: { [op]: value } }, { [order.field]: value, id: { [op]: cursor.id } }] };
}

export function keysetOrderBy(order: KeysetOrder): object[] {
  return [{ [order.field]: order.direction }, { id: order.direction }];
}
