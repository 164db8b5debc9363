import { joinSteps, type KeyStep } from './key-path.js';

/**
 * Every config format is parsed into the same small tree, so key lookup and comparison are written once.
 * Lines live on entries (the place a key or item is written), not on nodes: a YAML alias shares its node between
 * several entries, each with its own line.
 */
export type ScalarValue = string | number | boolean | null;

export interface ScalarNode {
  kind: 'scalar';
  value: ScalarValue;
  /**
   * True for strings whose type the format leaves open (INI, .env, .properties, XML, and YAML 1.1 plain
   * `yes`/`no`/`on`/`off`): they may compare as booleans (ruling 7) or numbers.
   */
  untyped?: boolean;
}

export interface MapNode {
  kind: 'map';
  entries: Map<string, Entry>;
  /** XML: the text content of an element that also has attributes or children. */
  text?: string;
  /** Lower-cased keys, built on first case-insensitive lookup (INI). */
  lower?: Map<string, Entry>;
}

export interface ListNode {
  kind: 'list';
  items: Entry[];
}

export type ConfigNode = ScalarNode | MapNode | ListNode;

export interface Entry {
  node: ConfigNode;
  /** 1-based line of the key (or of the item), and the last line of its value. */
  line: number;
  endLine: number;
}

export type FormatName = 'json' | 'yaml' | 'toml' | 'ini' | 'env' | 'properties' | 'xml';

export interface ParsedConfig {
  format: FormatName;
  /** One entry per document (YAML may have several; every other format has one). */
  documents: Entry[];
  /** Ruling 7: a dotted key is first looked up whole as a flat key, then as a path (INI, .env, .properties). */
  flatKeys: boolean;
  /** INI keys compare case-insensitively when no exact match exists (configparser, git, .editorconfig). */
  caseInsensitive: boolean;
  /**
   * XML: a repeated element is a list; a name step applied to it looks in every element (XPath style), and `[0]`
   * on a non-repeated element is the element itself.
   */
  fanOut: boolean;
}

export type ParseOutcome = { ok: true; config: ParsedConfig } | { ok: false; line?: number; message: string };

export const scalarEntry = (value: ScalarValue, line: number, untyped?: boolean): Entry => ({
  node: untyped ? { kind: 'scalar', value, untyped } : { kind: 'scalar', value },
  line,
  endLine: line,
});

/** Every entry the key reaches in one document: at most one, except where XML fans out over repeated elements. */
export function lookup(config: ParsedConfig, root: Entry, steps: readonly KeyStep[]): Entry[] {
  return walk(config, root, steps, 0);
}

function walk(config: ParsedConfig, entry: Entry, steps: readonly KeyStep[], i: number): Entry[] {
  if (i === steps.length) {
    // XML: a path that ends on a repeated element names each repetition (XPath `a/b`), not the group.
    return config.fanOut && entry.node.kind === 'list' ? entry.node.items : [entry];
  }
  const step = steps[i] as KeyStep;
  const node = entry.node;
  if (node.kind === 'list') {
    if (step.kind === 'index') {
      const item = node.items[step.index];
      return item ? walk(config, item, steps, i + 1) : [];
    }
    if (config.fanOut) return node.items.flatMap((item) => walk(config, item, steps, i));
    const assignment = config.format === 'yaml' ? listAssignment(node, step.name) : undefined;
    return assignment ? walk(config, assignment, steps, i + 1) : [];
  }
  if (step.kind === 'index') return config.fanOut && step.index === 0 ? walk(config, entry, steps, i + 1) : [];
  if (node.kind !== 'map') return [];
  // Flat formats try the longest run of steps as one key first (ruling 7), then shorter runs as path segments.
  const lastEnd = config.flatKeys ? steps.length : i + 1;
  for (let end = lastEnd; end > i; end--) {
    const hit = getEntry(config, node, joinSteps(steps, i, end));
    if (!hit) continue;
    const found = walk(config, hit, steps, end);
    if (found.length > 0) return found;
  }
  if (config.flatKeys) {
    const group = flatGroup(config, node, joinSteps(steps, i));
    if (group) return [group];
  }
  return [];
}

/**
 * Lists that are maps by another name, in YAML: Docker Compose writes `environment`, `build.args` and `labels` as a
 * list of `KEY=value` strings (a bare `KEY` passes the value through from the host, so it has no value here), and
 * Kubernetes writes `env` as a list of `{ name, value }` (or `valueFrom`) items. A key step on such a list finds the
 * item of that name (its `value`, when it has one); the last one wins, as both tools read them.
 */
function listAssignment(node: ListNode, key: string): Entry | undefined {
  let found: Entry | undefined;
  for (const item of node.items) {
    if (item.node.kind === 'map') {
      const name = item.node.entries.get('name');
      if (name?.node.kind === 'scalar' && name.node.value === key) found = item.node.entries.get('value') ?? item;
      continue;
    }
    if (item.node.kind !== 'scalar' || typeof item.node.value !== 'string') continue;
    const text = item.node.value;
    if (text.startsWith(`${key}=`))
      found = { ...item, node: { kind: 'scalar', value: text.slice(key.length + 1), untyped: true } };
  }
  return found;
}

function getEntry(config: ParsedConfig, node: MapNode, key: string): Entry | undefined {
  const exact = node.entries.get(key);
  if (exact || !config.caseInsensitive) return exact;
  if (!node.lower) {
    node.lower = new Map();
    for (const [k, v] of node.entries) {
      const low = k.toLowerCase();
      if (!node.lower.has(low)) node.lower.set(low, v);
    }
  }
  return node.lower.get(key.toLowerCase());
}

/**
 * In flat formats a path prefix of existing keys exists too: `.properties` with `server.ssl.enabled=true` has
 * `server.ssl`, a group whose entries are the remaining key suffixes.
 */
function flatGroup(config: ParsedConfig, node: MapNode, prefix: string): Entry | undefined {
  const entries = new Map<string, Entry>();
  let line = Number.POSITIVE_INFINITY;
  let endLine = 0;
  const lowPrefix = prefix.toLowerCase();
  for (const [key, entry] of node.entries) {
    const candidate = config.caseInsensitive ? key.toLowerCase() : key;
    const wanted = config.caseInsensitive ? lowPrefix : prefix;
    if (!candidate.startsWith(wanted)) continue;
    const rest = key.slice(prefix.length);
    if (rest.startsWith('.')) entries.set(rest.slice(1), entry);
    else if (rest.startsWith('[')) entries.set(rest, entry);
    else continue;
    line = Math.min(line, entry.line);
    endLine = Math.max(endLine, entry.endLine);
  }
  if (entries.size === 0) return undefined;
  return { node: { kind: 'map', entries }, line, endLine };
}
