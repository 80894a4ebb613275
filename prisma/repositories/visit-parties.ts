import type { Lead, Property, Visit } from '../generated/client';

/** A visit with what its screens and messages name: the lead and the property. */
export type VisitWithParties = Visit & { lead: Pick<Lead, 'name' | 'phone'>; property: Pick<Property, 'title' | 'address' | 'zone'> | null };

export const VISIT_PARTIES = { lead: { select: { name: true, phone: true } }, property: { select: { title: true, address: true, zone: true } } } as const;
