import type { CheckerMap } from '../../checker-map.js';
import { envVarReferenced } from './env-var-referenced.js';
import { httpHeaderSet } from './http-header-set.js';
import { importPresent } from './import-present.js';
import { middlewareRegistered } from './middleware-registered.js';

// The usage-centric code types (spec: import_present, env_var_referenced, middleware_registered, http_header_set).
export const usageCheckers: Pick<
  CheckerMap,
  'import_present' | 'env_var_referenced' | 'middleware_registered' | 'http_header_set'
> = {
  import_present: importPresent,
  env_var_referenced: envVarReferenced,
  middleware_registered: middlewareRegistered,
  http_header_set: httpHeaderSet,
};
