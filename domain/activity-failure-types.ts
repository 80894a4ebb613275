/**
 * ApplicationFailure types activities end with for good, named once so workflows can recognise them.
 * Plain constants: workflow code imports this module.
 */
export const INVALID_DATA = 'InvalidData';
