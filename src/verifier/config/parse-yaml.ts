import { type Document, isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseAllDocuments } from 'yaml';
import type { ConfigNode, Entry, MapNode, ParseOutcome, ScalarValue } from './model.js';

/** YAML 1.1 booleans that YAML 1.2 reads as strings; PyYAML, Psych and most YAML consumers still read them as booleans. */
const YAML11_BOOLEAN = /^(?:yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF)$/;

/**
 * All documents of a YAML stream. Aliases are resolved (each YAML node is converted once and shared, so alias
 * bombs stay linear), merge keys (`<<`) are resolved with explicit keys taking precedence, and a duplicate key
 * keeps its last value (as PyYAML and Psych do) rather than failing the whole file.
 */
export function parseYaml(text: string): ParseOutcome {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { merge: true, uniqueKeys: false, lineCounter, prettyErrors: true });
  if (!Array.isArray(docs)) return { ok: false, line: 1, message: 'YAML parse error: not a YAML stream' };
  const lineOf = (offset: number) => lineCounter.linePos(offset).line;
  const documents: Entry[] = [];
  for (const doc of docs) {
    const failure = doc.errors[0];
    if (failure) {
      const line = failure.linePos?.[0]?.line ?? lineOf(failure.pos[0]);
      const message = (failure.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
      return { ok: false, line, message: `YAML parse error: ${message}` };
    }
    documents.push(new YamlConverter(doc, lineOf).documentEntry());
  }
  return { ok: true, config: { format: 'yaml', documents, flatKeys: false, caseInsensitive: false, fanOut: false } };
}

class YamlConverter {
  private readonly converted = new Map<Node, ConfigNode>();

  constructor(
    private readonly doc: Document.Parsed,
    private readonly lineOf: (offset: number) => number,
  ) {}

  documentEntry(): Entry {
    const contents = this.doc.contents;
    const start = contents?.range?.[0] ?? this.doc.range[0];
    const end = contents?.range?.[1] ?? this.doc.range[1];
    return { node: this.node(contents), line: this.lineOf(start), endLine: this.endLineOf(start, end) };
  }

  private endLineOf(start: number, end: number): number {
    return this.lineOf(Math.max(start, end - 1));
  }

  private resolve(value: unknown): Node | null {
    let current = value;
    // An alias may point at another alias; the document forbids cycles, the bound is a safety net.
    for (let hops = 0; isAlias(current) && hops < 100; hops++) current = current.resolve(this.doc) ?? null;
    return isAlias(current) ? null : ((current as Node | null) ?? null);
  }

  private entryOf(value: unknown, keyOffset?: number): Entry {
    const target = this.resolve(value);
    const own = (value as Node | null)?.range;
    const start = keyOffset ?? own?.[0] ?? 0;
    const end = own?.[1] ?? start + 1;
    return { node: this.node(target), line: this.lineOf(start), endLine: this.endLineOf(start, end) };
  }

  private node(value: unknown): ConfigNode {
    const target = this.resolve(value);
    if (!target) return { kind: 'scalar', value: null };
    const done = this.converted.get(target);
    if (done) return done;
    if (isMap(target)) {
      const map: MapNode = { kind: 'map', entries: new Map() };
      this.converted.set(target, map);
      const merged: unknown[] = [];
      for (const pair of target.items) {
        const key = pair.key;
        if (isScalar(key) && typeof key.value === 'symbol') {
          merged.push(pair.value);
          continue;
        }
        const name = this.keyText(key);
        const keyOffset = (key as Node | null)?.range?.[0];
        map.entries.set(name, this.entryOf(pair.value, keyOffset));
      }
      // Merge sources fill in keys the map does not set itself; in a list of sources, earlier ones win.
      for (const source of merged) {
        const resolved = this.resolve(source);
        const sources = isSeq(resolved) ? resolved.items : [source];
        for (const item of sources) {
          const merge = this.node(item);
          if (merge.kind !== 'map') continue;
          for (const [k, v] of merge.entries) if (!map.entries.has(k)) map.entries.set(k, v);
        }
      }
      return map;
    }
    if (isSeq(target)) {
      const list: ConfigNode = { kind: 'list', items: [] };
      this.converted.set(target, list);
      for (const item of target.items) list.items.push(this.entryOf(item));
      return list;
    }
    const scalar = isScalar(target) ? target : null;
    const converted = this.scalar(scalar?.value, scalar?.type === 'PLAIN');
    this.converted.set(target, converted);
    return converted;
  }

  private scalar(value: unknown, plain: boolean): ConfigNode {
    if (value === null || value === undefined) return { kind: 'scalar', value: null };
    if (typeof value === 'string') {
      return plain && YAML11_BOOLEAN.test(value) ? { kind: 'scalar', value, untyped: true } : { kind: 'scalar', value };
    }
    if (typeof value === 'number' || typeof value === 'boolean') return { kind: 'scalar', value };
    if (typeof value === 'bigint') return { kind: 'scalar', value: Number(value) };
    if (value instanceof Date) return { kind: 'scalar', value: value.toISOString() };
    return { kind: 'scalar', value: String(value as ScalarValue) };
  }

  private keyText(key: unknown): string {
    const target = this.resolve(key);
    if (isScalar(target)) return target.value === null ? '' : String(target.value);
    return target ? String(target) : '';
  }
}
