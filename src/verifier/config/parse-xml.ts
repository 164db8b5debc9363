import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { LineIndex } from '../text.js';
import type { ConfigNode, Entry, MapNode, ParseOutcome } from './model.js';

type OrderedNode = Record<string, unknown>;

const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

/**
 * XML (ruling 7): the path starts at the root element, `@name` addresses an attribute, child elements are keys,
 * and a repeated element is a list addressable by index (`add[1].@name`) — without an index a step looks into
 * every repetition. An element with only text is that text; one with text and attributes or children keeps the
 * text for comparisons. All values are untyped strings. Entities are expanded within fast-xml-parser's limits;
 * external entities are never fetched.
 */
export function parseXml(text: string): ParseOutcome {
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: true });
  if (valid !== true) {
    return { ok: false, line: valid.err.line, message: `XML parse error: ${valid.err.msg}` };
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    allowBooleanAttributes: true,
    preserveOrder: true,
    captureMetaData: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
  });
  const ordered = parser.parse(text) as OrderedNode[];
  const lines = new LineIndex(text);
  const elementEntry = (node: OrderedNode, name: string): Entry => {
    const meta = (node as Record<symbol, unknown>)[META] as { startIndex?: number; endIndex?: number } | undefined;
    const line = lines.lineOf(meta?.startIndex ?? 0);
    const endLine = Math.max(line, lines.lineOf(meta?.endIndex ?? meta?.startIndex ?? 0));
    const attrs = (node[':@'] ?? {}) as Record<string, unknown>;
    const children = (node[name] ?? []) as OrderedNode[];
    const map: MapNode = { kind: 'map', entries: new Map() };
    for (const [attr, value] of Object.entries(attrs)) {
      map.entries.set(attr, { node: scalar(value === true ? '' : String(value)), line, endLine: line });
    }
    let textContent = '';
    const grouped = new Map<string, Entry[]>();
    for (const child of children) {
      const childName = elementName(child);
      if (childName === null) {
        if ('#text' in child) textContent += String(child['#text']);
        continue;
      }
      const list = grouped.get(childName) ?? [];
      list.push(elementEntry(child, childName));
      grouped.set(childName, list);
    }
    for (const [childName, list] of grouped) {
      if (list.length === 1) map.entries.set(childName, list[0] as Entry);
      else {
        const last = list.at(-1) as Entry;
        map.entries.set(childName, {
          node: { kind: 'list', items: list },
          line: (list[0] as Entry).line,
          endLine: last.endLine,
        });
      }
    }
    const node$: ConfigNode = map.entries.size === 0 ? scalar(textContent) : map;
    if (map.entries.size > 0 && textContent !== '') map.text = textContent;
    return { node: node$, line, endLine };
  };
  const rootNode = ordered.find((n) => elementName(n) !== null);
  if (!rootNode) return { ok: false, line: 1, message: 'XML parse error: no root element' };
  const rootName = elementName(rootNode) as string;
  const rootEntry = elementEntry(rootNode, rootName);
  const documentRoot: Entry = {
    node: { kind: 'map', entries: new Map([[rootName, rootEntry]]) },
    line: rootEntry.line,
    endLine: rootEntry.endLine,
  };
  return {
    ok: true,
    config: { format: 'xml', documents: [documentRoot], flatKeys: false, caseInsensitive: false, fanOut: true },
  };
}

function elementName(node: OrderedNode): string | null {
  for (const key of Object.keys(node)) if (key !== ':@' && key !== '#text' && !key.startsWith('?')) return key;
  return null;
}

function scalar(value: string): ConfigNode {
  return { kind: 'scalar', value, untyped: true };
}
