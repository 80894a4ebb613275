/** The workflows test workers run: production's, and the smoke workflow that proves the harness end to end. */
export * from '../workflows';
export { smokeWorkflow } from '../workflows/smoke.workflow';
