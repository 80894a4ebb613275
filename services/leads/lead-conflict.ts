import { DuplicateLeadError } from '../../prisma/repositories/leads.repository';
import { AppError } from '../../domain/app-error';

function duplicateConflict(error: DuplicateLeadError): AppError {
  return new AppError('conflict', `A lead with this ${error.field} already exists`, {
    es: `Ya existe un lead con este ${error.field === 'phone' ? 'teléfono' : 'DNI'}`,
    fields: [{ path: error.field, message: 'belongs to another lead', code: 'duplicate' }],
    data: { existingLeadId: error.existingLeadId },
  });
}

/** A lead that would duplicate another's phone or DNI is a 409 naming the existing lead. */
export async function asConflict<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof DuplicateLeadError) throw duplicateConflict(error);
    throw error;
  }
}
