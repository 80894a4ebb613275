import { AppError } from '../../domain/app-error';
import { assertMayManage } from './user-rules';

describe('who may manage owners', () => {
  it('refuses an admin creating, changing or promoting an owner', () => {
    expect(() => assertMayManage('ADMIN', ['AGENT', 'OWNER'])).toThrow(AppError);
  });

  it('lets an owner, or a caller who is not a user (platform), manage owners', () => {
    expect(() => assertMayManage('OWNER', ['OWNER'])).not.toThrow();
    expect(() => assertMayManage(undefined, ['OWNER'])).not.toThrow();
    expect(() => assertMayManage('ADMIN', ['AGENT', undefined])).not.toThrow();
  });
});
