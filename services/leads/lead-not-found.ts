import { AppError } from '../../domain/app-error';

export function leadNotFound(): AppError {
  return new AppError('not_found', 'No such lead in this agency');
}
