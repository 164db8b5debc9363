import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { LineIndex } from '../../text.js';

export type XmlNode = Record<string, unknown>;

const META = XMLParser.getMetaDataSymbol() as unknown as string;

/** An XML document with element start lines; a malformed document throws naming the line. */
export class XmlDoc {
  readonly root: XmlNode;
  private readonly lines: LineIndex;

  constructor(text: string, arrays: string[]) {
    const valid = XMLValidator.validate(text);
    if (valid !== true) throw new Error(`line ${valid.err.line}: ${valid.err.msg}`);
    const parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@_',
      parseTagValue: false,
      parseAttributeValue: false,
      trimValues: true,
      captureMetaData: true,
      isArray: (name) => arrays.includes(name),
    });
    this.root = parser.parse(text) as XmlNode;
    this.lines = new LineIndex(text);
  }

  /** 1-based start line of an element node (1 when unknown). */
  lineOf(node: unknown): number {
    const meta = (node as Record<string, { startIndex?: number } | undefined>)?.[META];
    return meta?.startIndex !== undefined ? this.lines.lineOf(meta.startIndex) : 1;
  }

  endLineOf(node: unknown): number {
    const meta = (node as Record<string, { endIndex?: number } | undefined>)?.[META];
    return meta?.endIndex !== undefined ? this.lines.lineOf(Math.max(0, meta.endIndex - 1)) : this.lineOf(node);
  }
}

export function child(node: unknown, key: string): unknown {
  return typeof node === 'object' && node !== null ? (node as XmlNode)[key] : undefined;
}

/** Text of an element or attribute (`#text` for elements carrying attributes). */
export function text(node: unknown): string | undefined {
  if (typeof node === 'string') return node.trim();
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  const t = child(node, '#text');
  return typeof t === 'string' ? t.trim() : undefined;
}

export function list(node: unknown): unknown[] {
  if (node === undefined || node === null || node === '') return [];
  return Array.isArray(node) ? node : [node];
}
