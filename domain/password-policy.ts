import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

/** The field messages a refused password gets; problem-locale has their Spanish. */
export const PASSWORD_MESSAGES = {
  blank: 'must not be only spaces',
  short: `must have at least ${MIN_PASSWORD_LENGTH} characters`,
  long: `must have at most ${MAX_PASSWORD_LENGTH} characters`,
  common: 'is too common: choose one that is harder to guess',
} as const;

const comparable = (password: string) => password.normalize('NFKC').trim().toLowerCase();

const COMMON_PASSWORDS = new Set(
  readFileSync(path.join(__dirname, 'common-passwords.txt'), 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map(comparable),
);

/** Why a new password is refused (NIST SP 800-63B: length and a list of common passwords, no composition rules), or undefined. */
export function passwordRefusal(password: string): keyof typeof PASSWORD_MESSAGES | undefined {
  const length = [...password].length;
  if (password.trim() === '') return 'blank';
  if (length < MIN_PASSWORD_LENGTH) return 'short';
  if (length > MAX_PASSWORD_LENGTH) return 'long';
  if (COMMON_PASSWORDS.has(comparable(password))) return 'common';
  return undefined;
}

/** A password a user chooses: at sign-up, when an agency adds a user, or when it is changed. */
export const newPassword = z.string().superRefine((password, context) => {
  const refusal = passwordRefusal(password);
  if (refusal) context.addIssue({ code: 'custom', message: PASSWORD_MESSAGES[refusal], params: { reason: refusal } });
});
