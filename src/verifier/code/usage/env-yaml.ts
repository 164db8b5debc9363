// biome-ignore-all lint/suspicious/noTemplateCurlyInString: shell, YAML and Spring placeholders are the subject here
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, type Node as YamlNode } from 'yaml';

/**
 * Environment variables in deployment YAML: `environment:`/`env:` entries of docker-compose, Kubernetes
 * (`env: - name: X`), CI files (map and list forms, `X=value` and bare `X`), and interpolations inside values
 * (`${X}`, `${X:-default}`, `$X` as compose and shells expand them, Kubernetes `$(X)`, Actions `${{ env.X }}`).
 */

export interface YamlEnvRef {
  name: string;
  offset: number;
  how: string;
}

export type YamlEnvIndex = { ok: true; refs: YamlEnvRef[] } | { ok: false; message: string; offset: number };

const ENV_KEYS = new Set(['environment', 'env']);

export function scanYamlEnv(text: string): YamlEnvIndex {
  const refs: YamlEnvRef[] = [];
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [];
  for (const doc of list) {
    const err = doc.errors[0];
    if (err) return { ok: false, message: err.message.split('\n')[0] ?? 'YAML parse error', offset: err.pos[0] };
  }
  const visit = (node: unknown, depth: number): void => {
    if (depth > 200 || !node) return;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : null;
        if (key && ENV_KEYS.has(key)) entries(pair.value, key);
        visit(pair.key, depth + 1);
        visit(pair.value, depth + 1);
      }
      return;
    }
    if (isSeq(node)) {
      for (const item of node.items) visit(item, depth + 1);
      return;
    }
    if (isScalar(node) && typeof node.value === 'string') interpolations(node.value, start(node), node.type);
  };
  const entries = (value: unknown, key: string): void => {
    if (isMap(value)) {
      for (const pair of value.items) {
        if (isPair(pair) && isScalar(pair.key)) {
          refs.push({ name: String(pair.key.value), offset: start(pair.key), how: `${key}: entry` });
        }
      }
    } else if (isSeq(value)) {
      for (const item of value.items) {
        if (isScalar(item) && typeof item.value === 'string') {
          const name = /^\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*(=|$)/.exec(item.value)?.[1];
          if (name) refs.push({ name, offset: start(item), how: `${key}: entry` });
        } else if (isMap(item)) {
          const nameNode = item.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === 'name');
          if (nameNode && isScalar(nameNode.value) && nameNode.value.value !== null) {
            refs.push({ name: String(nameNode.value.value), offset: start(nameNode.value), how: `${key}: - name:` });
          }
        }
      }
    }
  };
  const interpolations = (value: string, offset: number, type: string | undefined): void => {
    // block scalars and plain scalars keep positions only roughly; the line of the scalar is good enough evidence
    void type;
    const scan = value.replaceAll('$$', '\u0000\u0000'); // compose: $$ is a literal dollar
    for (const m of scan.matchAll(
      /\$\{([A-Za-z_][A-Za-z0-9_]*)|\$([A-Za-z_][A-Za-z0-9_]*)|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g,
    )) {
      const name = m[1] ?? m[2] ?? m[3];
      if (name) refs.push({ name, offset, how: 'interpolation' });
    }
    for (const m of value.matchAll(/\$\{\{[^}]*?\benv\.([A-Za-z_][A-Za-z0-9_]*)/g)) {
      if (m[1]) refs.push({ name: m[1], offset, how: '${{ env.… }} expression' });
    }
  };
  for (const doc of list) visit(doc.contents, 0);
  return { ok: true, refs };
}

function start(node: unknown): number {
  const range = (node as YamlNode | null)?.range;
  return range ? range[0] : 0;
}
