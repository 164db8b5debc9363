import type { CheckerMap } from '../checker-map.js';
import { functionCalls } from './checks/calls.js';
import { classExists, decoratorPresent, functionExists } from './checks/definitions.js';
import { errorHandled } from './checks/errors.js';
import { parameterValidated } from './checks/validated.js';

/** The definition-centric code types, decided on tree-sitter syntax trees (src/verifier/code/defs/). */
export const definitionCheckers: Pick<
  CheckerMap,
  'function_exists' | 'class_exists' | 'decorator_present' | 'function_calls' | 'parameter_validated' | 'error_handled'
> = {
  function_exists: functionExists,
  class_exists: classExists,
  decorator_present: decoratorPresent,
  function_calls: functionCalls,
  parameter_validated: parameterValidated,
  error_handled: errorHandled,
};
