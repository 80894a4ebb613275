import type { z } from 'zod';
import type { createUserBody, UpdateUserBody } from '../../api/contracts/users.schemas';

export type CreateUser = z.output<typeof createUserBody>;
export type UpdateUser = UpdateUserBody;
