/** The agency as the API shows it: the same projection the audit log keeps. */
export { tenantRecord as tenantView } from '../../services/tenants/tenant-record';
