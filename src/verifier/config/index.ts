import type { CheckerMap } from '../checker-map.js';
import { configKeyExists, configValueMatches } from './checkers.js';

export const configCheckers: Pick<CheckerMap, 'config_key_exists' | 'config_value_matches'> = {
  config_key_exists: configKeyExists,
  config_value_matches: configValueMatches,
};
