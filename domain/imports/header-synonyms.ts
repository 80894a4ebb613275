import type { LeadImportField, PropertyImportField } from './import-fields';

/** Header names per field, Spanish (AR, MX, CL usage) and English, compared through labelKey. */
const ZONE = ['zona', 'barrio', 'localidad', 'ciudad', 'comuna', 'colonia', 'zone', 'area', 'neighborhood', 'neighbourhood', 'location', 'city'];
const PROPERTY_TYPE = ['tipo', 'tipo de propiedad', 'tipo de inmueble', 'type', 'property type'];
const OPERATION = ['operacion', 'tipo de operacion', 'transaccion', 'operation', 'transaction'];
const CURRENCY = ['moneda', 'divisa', 'currency'];
const ROOMS = ['ambientes', 'dormitorios', 'habitaciones', 'recamaras', 'cuartos', 'rooms', 'bedrooms'];

export const LEAD_HEADER_SYNONYMS: Record<LeadImportField, string[]> = {
  name: ['nombre', 'nombres', 'nombre y apellido', 'apellido y nombre', 'nombre completo', 'cliente', 'contacto', 'interesado', 'name', 'full name', 'first name', 'contact', 'contact name'],
  lastName: ['apellido', 'apellidos', 'last name', 'surname', 'family name'],
  phone: ['telefono', 'tel', 'celular', 'cel', 'movil', 'whatsapp', 'wsp', 'wpp', 'numero de telefono', 'phone', 'phone number', 'mobile', 'cell', 'cellphone'],
  email: ['email', 'e mail', 'mail', 'correo', 'correo electronico', 'email address'],
  dni: ['dni', 'documento', 'numero de documento', 'nro de documento', 'nro documento', 'rut', 'curp', 'cuit', 'cuil', 'cedula', 'ci', 'national id', 'id number'],
  origin: ['origen', 'fuente', 'canal', 'medio', 'origin', 'source', 'lead source', 'channel'],
  stage: ['etapa', 'estado', 'fase', 'stage', 'status', 'pipeline stage'],
  tags: ['etiquetas', 'etiqueta', 'tags', 'tag', 'labels'],
  notes: ['notas', 'nota', 'observaciones', 'comentarios', 'comentario', 'consulta', 'mensaje', 'notes', 'comments', 'message'],
  searchZone: [...ZONE, 'zona de interes', 'zona buscada'],
  searchType: [...PROPERTY_TYPE, 'busca tipo'],
  searchOperation: [...OPERATION, 'busca', 'compra o alquiler'],
  budgetMin: ['presupuesto minimo', 'presupuesto desde', 'min budget', 'budget min', 'minimum budget'],
  budgetMax: ['presupuesto', 'presupuesto maximo', 'presupuesto hasta', 'budget', 'max budget', 'budget max', 'maximum budget'],
  budgetCurrency: CURRENCY,
  roomsMin: [...ROOMS, 'ambientes minimos', 'min rooms'],
};

export const PROPERTY_HEADER_SYNONYMS: Record<PropertyImportField, string[]> = {
  externalRef: ['codigo', 'cod', 'referencia', 'ref', 'id', 'id propiedad', 'codigo interno', 'code', 'reference', 'external ref', 'external id', 'sku'],
  title: ['titulo', 'titulo del aviso', 'aviso', 'nombre', 'propiedad', 'title', 'name', 'listing'],
  description: ['descripcion', 'detalle', 'detalles', 'description', 'details'],
  price: ['precio', 'valor', 'monto', 'precio de venta', 'precio de alquiler', 'price', 'amount'],
  currency: CURRENCY,
  operation: OPERATION,
  type: PROPERTY_TYPE,
  zone: ZONE,
  address: ['direccion', 'domicilio', 'calle', 'ubicacion', 'address', 'street'],
  rooms: ROOMS,
  bathrooms: ['banos', 'bathrooms', 'baths'],
  areaM2: ['superficie', 'superficie total', 'superficie cubierta', 'sup', 'metros', 'metros cuadrados', 'm2', 'mts2', 'surface', 'size', 'sqm', 'area m2'],
  status: ['estado', 'disponibilidad', 'status', 'availability'],
  photoUrls: ['fotos', 'foto', 'imagenes', 'imagen', 'photos', 'photo', 'images', 'image', 'photo urls'],
};
