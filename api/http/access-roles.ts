/** Everyone who works in an agency: owners, admins and agents. */
export const STAFF = ['OWNER', 'ADMIN', 'AGENT'] as const;
/** Those who run the agency: campaigns, settings, users, catalogue changes. */
export const MANAGERS = ['OWNER', 'ADMIN'] as const;
