import { isMap, isScalar, parseDocument } from 'yaml';
import { LineIndex } from '../../text.js';

/** Catalog name → package name → its version spec and 1-based line. */
export type PnpmCatalogs = Map<string, Map<string, { spec: string; line: number }>>;

/**
 * pnpm-workspace.yaml's catalogs: the top-level `catalog` (the catalog named `default`) and each `catalogs.<name>`.
 * A YAML error throws naming its line.
 */
export function parsePnpmWorkspace(text: string): PnpmCatalogs {
  const doc = parseDocument(text);
  const first = doc.errors[0];
  if (first) throw new Error(`line ${first.linePos?.[0]?.line ?? '?'}: ${first.message.split('\n')[0]}`);
  const lines = new LineIndex(text);
  const catalogs: PnpmCatalogs = new Map();
  const read = (name: string, node: unknown) => {
    if (!isMap(node)) return;
    const entries = catalogs.get(name) ?? new Map<string, { spec: string; line: number }>();
    for (const pair of node.items) {
      if (!isScalar(pair.key) || !isScalar(pair.value)) continue;
      const spec = pair.value.value;
      if (typeof spec !== 'string' && typeof spec !== 'number') continue;
      const line = pair.key.range ? lines.lineOf(pair.key.range[0]) : 1;
      entries.set(String(pair.key.value), { spec: String(spec), line });
    }
    catalogs.set(name, entries);
  };
  read('default', doc.get('catalog', true));
  const named = doc.get('catalogs', true);
  if (isMap(named)) {
    for (const pair of named.items) if (isScalar(pair.key)) read(String(pair.key.value), pair.value);
  }
  return catalogs;
}
