import { LeadOrigin, LeadStage, PropertyOperation, PropertyStatus, PropertyType } from '../../prisma/generated/enums';
import { labelKey } from './label-key';

/**
 * What people write in a spreadsheet for each of Astor's values, Spanish first (the first label is the one shown
 * as an example). The code itself ("VISIT_SCHEDULED", "visit scheduled") is always accepted too.
 */
const STAGES: Record<LeadStage, string[]> = {
  NEW: ['Nuevo', 'nueva', 'new'],
  CONTACTED: ['Contactado', 'contactada', 'en contacto', 'contacted'],
  QUALIFIED: ['Calificado', 'calificada', 'qualified'],
  VISIT_SCHEDULED: ['Visita agendada', 'visita', 'visit booked'],
  NEGOTIATION: ['Negociación', 'en negociación', 'negotiation'],
  WON: ['Ganado', 'ganada', 'won'],
  LOST: ['Perdido', 'perdida', 'descartado', 'descartada', 'lost'],
};

const ORIGINS: Record<LeadOrigin, string[]> = {
  META_ADS: ['Meta', 'meta ads', 'facebook', 'facebook ads', 'instagram', 'fb', 'ig'],
  LANDING: ['Landing', 'landing page'],
  WHATSAPP: ['WhatsApp', 'wsp', 'wpp'],
  WEB: ['Web', 'sitio web', 'página web', 'formulario web', 'website'],
  MANUAL: ['Manual', 'carga manual'],
  MANYCHAT: ['ManyChat'],
  UCHAT: ['UChat'],
  REFERRAL: ['Referido', 'referida', 'recomendación', 'referral'],
  IMPORT: ['Importación', 'import'],
};

const PROPERTY_TYPES: Record<PropertyType, string[]> = {
  APARTMENT: ['Departamento', 'depto', 'dpto', 'depto.', 'monoambiente', 'apartamento', 'apartment', 'flat'],
  HOUSE: ['Casa', 'chalet', 'house'],
  PH: ['PH'],
  LAND: ['Terreno', 'lote', 'land', 'lot'],
  OFFICE: ['Oficina', 'office'],
  COMMERCIAL: ['Local', 'local comercial', 'comercial', 'commercial', 'retail'],
  WAREHOUSE: ['Galpón', 'depósito', 'bodega', 'nave industrial', 'warehouse'],
  OTHER: ['Otro', 'otra', 'other'],
};

const OPERATIONS: Record<PropertyOperation, string[]> = {
  SALE: ['Venta', 'compra', 'vender', 'comprar', 'sale', 'buy', 'sell'],
  RENT: ['Alquiler', 'renta', 'arriendo', 'arrendamiento', 'alquilar', 'rentar', 'arrendar', 'rent', 'lease'],
};

const STATUSES: Record<PropertyStatus, string[]> = {
  AVAILABLE: ['Disponible', 'activa', 'activo', 'available'],
  RESERVED: ['Reservada', 'reservado', 'señada', 'reserved'],
  SOLD: ['Vendida', 'vendido', 'sold'],
  RENTED: ['Alquilada', 'alquilado', 'arrendada', 'arrendado', 'rentada', 'rentado', 'rented'],
};

export interface EnumLabels<T extends string> {
  /** The value a cell names, if it names one. */
  read(text: string): T | undefined;
  /** A few labels to show in a message. */
  examples: string;
}

function enumLabels<T extends string>(labels: Record<T, string[]>): EnumLabels<T> {
  const byKey = new Map<string, T>();
  for (const [value, names] of Object.entries(labels) as [T, string[]][]) {
    for (const name of [value, ...names]) byKey.set(labelKey(name), value);
  }
  const firsts = (Object.values(labels) as string[][]).map((names) => names[0]);
  return { read: (text) => byKey.get(labelKey(text)), examples: firsts.slice(0, 4).join(', ') };
}

export const stageLabels = enumLabels(STAGES);
export const originLabels = enumLabels(ORIGINS);
export const propertyTypeLabels = enumLabels(PROPERTY_TYPES);
export const operationLabels = enumLabels(OPERATIONS);
export const statusLabels = enumLabels(STATUSES);
