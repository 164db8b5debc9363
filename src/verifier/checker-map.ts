import type { AssertionType, ParamsOf } from '../assertions/catalogue.js';
import type { Checker } from './types.js';

/** One tier-1 checker per catalogue type; each family module exports the slice it owns. */
export type CheckerMap = { [K in AssertionType]: Checker<ParamsOf<K>> };
