import type { Node } from 'web-tree-sitter';
import { descendants, type LanguageId } from '../parser.js';
import { HELMET_HEADERS, type HelmetHeader, helmetCsp, SPRING_HEADER_METHODS } from './header-config-keys.js';
import { asCall, type Call, calleePath, kids, literalOf, pathOf } from './syntax.js';

/** A header a library call emits, with the value it sends (null when it depends on something not literal). */
export interface EmittedHeader {
  header: string;
  value: string | null;
  how: string;
}

/** `helmet(…)` → 'all'; `helmet.hsts(…)` / `helmet.frameguard(…)` → that header; anything else → null. */
export function isHelmetCall(path: string[]): 'all' | HelmetHeader | null {
  const last = path[path.length - 1] ?? '';
  if (path.length === 1 && /^helmet$/i.test(last)) return 'all';
  if (path.length >= 2 && /^helmet$/i.test(path[path.length - 2] ?? '')) {
    if (last === 'default') return 'all';
    return HELMET_HEADERS.find((h) => h.options.includes(last)) ?? null;
  }
  return null;
}

/** The plugin argument of `fastify.register(helmet, …)` / `register(require('@fastify/helmet'), …)`. */
export function isHelmetPlugin(node: Node | null): boolean {
  if (!node) return false;
  const path = pathOf(node);
  if (path) return path.some((seg) => /helmet/i.test(seg));
  const call = asCall(node);
  if (call && (call.method === 'require' || call.method === 'import'))
    return /helmet/i.test(literalOf(call.args[0] ?? null) ?? '');
  if (node.type === 'await_expression') return isHelmetPlugin(kids(node)[0] ?? null);
  return false;
}

/** The headers helmet sends for `helmet(options)` (which = 'all') or one of its middlewares `helmet.x(options)`. */
export function helmetFacts(which: 'all' | HelmetHeader, options: Node | null, lang: LanguageId): EmittedHeader[] {
  if (which !== 'all') {
    const value = optionValue(which, options ?? null, lang, !options);
    return value === undefined ? [] : [{ header: which.header, value, how: `helmet.${which.options[0]}()` }];
  }
  const out: EmittedHeader[] = [];
  if (options && options.type !== 'object') {
    // options we cannot see: helmet still sends its default headers, with values we cannot know
    for (const h of HELMET_HEADERS)
      if (h.onByDefault) out.push({ header: h.header, value: null, how: 'helmet(options)' });
    return out;
  }
  const entries = objectEntries(options);
  for (const h of HELMET_HEADERS) {
    const given = h.options.map((o) => entries.get(o)).find((v) => v !== undefined);
    if (!given && !h.onByDefault) continue;
    const value = optionValue(h, given ?? null, lang, !given);
    if (value === undefined) continue;
    const option = h.options.find((o) => entries.has(o)) ?? h.options[0];
    out.push({ header: h.header, value, how: given ? `helmet option ${option}` : `helmet default for ${option}` });
  }
  return out;
}

/** The value an option makes helmet send; undefined when the option turns the header off. */
function optionValue(h: HelmetHeader, node: Node | null, lang: LanguageId, absent: boolean): string | null | undefined {
  const fallback = h.header === 'Content-Security-Policy' ? helmetCsp([], true) : h.value;
  if (absent || !node) return fallback;
  if (node.type === 'false') return undefined;
  if (node.type === 'true') return fallback;
  if (node.type !== 'object') return null;
  const o = objectEntries(node);
  const lit = (key: string) => {
    const v = o.get(key);
    return v ? literalOf(v, lang) : undefined;
  };
  switch (h.header) {
    case 'X-Frame-Options': {
      const action = lit('action');
      return action === undefined ? fallback : action === null ? null : action.toUpperCase();
    }
    case 'Strict-Transport-Security': {
      const maxAgeNode = o.get('maxAge');
      if (maxAgeNode && maxAgeNode.type !== 'number') return null;
      let value = `max-age=${maxAgeNode ? Number(maxAgeNode.text.replaceAll('_', '')) : 31536000}`;
      if (o.get('includeSubDomains')?.type !== 'false') value += '; includeSubDomains';
      if (o.get('preload')?.type === 'true') value += '; preload';
      return value;
    }
    case 'Referrer-Policy':
    case 'Cross-Origin-Opener-Policy':
    case 'Cross-Origin-Resource-Policy':
    case 'Cross-Origin-Embedder-Policy': {
      const policy = o.get('policy');
      if (!policy) return fallback;
      if (policy.type === 'array') {
        const parts = kids(policy).map((k) => literalOf(k, lang));
        return parts.every((p) => p !== null) ? parts.join(',') : null;
      }
      return literalOf(policy, lang);
    }
    case 'Content-Security-Policy': {
      const useDefaults = o.get('useDefaults')?.type !== 'false';
      const directives = o.get('directives');
      if (!directives) return helmetCsp([], useDefaults);
      if (directives.type !== 'object') return null;
      const list: [string, string | null][] = [];
      for (const [key, value] of objectEntries(directives)) {
        const name = key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
        if (value.type === 'null') {
          list.push([name, null]);
          continue;
        }
        const parts = value.type === 'array' ? kids(value).map((k) => literalOf(k, lang)) : [literalOf(value, lang)];
        if (parts.some((p) => p === null)) return null;
        list.push([name, parts.join(' ')]);
      }
      return helmetCsp(list, useDefaults);
    }
    default:
      return fallback;
  }
}

function objectEntries(node: Node | null): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const p of kids(node)) {
    if (p.type === 'shorthand_property_identifier') {
      out.set(p.text, p);
      continue;
    }
    if (p.type !== 'pair') continue;
    const key = p.childForFieldName('key');
    const value = p.childForFieldName('value');
    if (key && value) out.set(literalOf(key) ?? key.text, value);
  }
  return out;
}

/**
 * Spring Security: `http.headers(h -> h.frameOptions(f -> f.deny()))` or the chained `headers().frameOptions()`.
 * A header method followed by `.disable()` (chained or inside its customizer) turns the header off.
 */
export function springHeaderFact(call: Call): EmittedHeader | null {
  const header = call.method ? SPRING_HEADER_METHODS[call.method] : undefined;
  if (!header || !insideHeadersDsl(call)) return null;
  const related = relatedCalls(call);
  const refs = call.args.filter((a) => a.type === 'method_reference').map((a) => a.text.replace(/^.*::/, ''));
  if (related.some((c) => c.method === 'disable') || refs.includes('disable')) return null;
  const how = `Spring Security headers().${call.method}()`;
  const firstLiteral = (names: string[]) => {
    for (const c of related) if (c.method && names.includes(c.method)) return literalOf(c.args[0] ?? null);
    return undefined;
  };
  switch (header) {
    case 'X-Frame-Options': {
      if (related.some((c) => c.method === 'sameOrigin') || refs.includes('sameOrigin')) {
        return { header, value: 'SAMEORIGIN', how };
      }
      return { header, value: 'DENY', how };
    }
    case 'Content-Security-Policy': {
      const direct = literalOf(call.args[0] ?? null);
      const value = direct ?? firstLiteral(['policyDirectives']) ?? null;
      return { header, value, how };
    }
    case 'Strict-Transport-Security': {
      const maxAge = related.find((c) => c.method === 'maxAgeInSeconds')?.args[0];
      const seconds =
        maxAge && /^\d+L?$/.test(maxAge.text) ? maxAge.text.replace(/L$/, '') : maxAge ? null : '31536000';
      if (seconds === null) return { header, value: null, how };
      const noSub = related.some((c) => c.method === 'includeSubDomains' && c.args[0]?.type === 'false');
      const preload = related.some((c) => c.method === 'preload' && c.args[0]?.type === 'true');
      return {
        header,
        value: `max-age=${seconds}${noSub ? '' : ' ; includeSubDomains'}${preload ? ' ; preload' : ''}`,
        how,
      };
    }
    case 'X-Content-Type-Options':
      return { header, value: 'nosniff', how };
    case 'X-XSS-Protection':
      return { header, value: '0', how };
    case 'Referrer-Policy': {
      const arg = call.args[0] ?? related.find((c) => c.method === 'policy')?.args[0];
      const constant = arg ? pathOf(arg)?.at(-1) : undefined;
      if (arg && constant && /^[A-Z_]+$/.test(constant))
        return { header, value: constant.toLowerCase().replaceAll('_', '-'), how };
      return { header, value: arg ? literalOf(arg) : 'no-referrer', how };
    }
    default:
      return { header, value: literalOf(call.args[0] ?? null) ?? firstLiteral(['policy']) ?? null, how };
  }
}

function insideHeadersDsl(call: Call): boolean {
  if ((calleePath(call) ?? []).includes('headers')) return true;
  let node: Node | null = call.node.parent;
  for (let i = 0; node && i < 12; i++, node = node.parent) {
    if (node.type === 'method_invocation' && node.childForFieldName('name')?.text === 'headers') return true;
  }
  return false;
}

/** Calls chained onto this one (`.deny()`, `.disable()`) and calls inside its customizer lambda. */
function relatedCalls(call: Call): Call[] {
  const out: Call[] = [];
  let node: Node = call.node;
  for (let parent = node.parent; parent?.type === 'method_invocation'; parent = parent.parent) {
    if (parent.childForFieldName('object')?.id !== node.id) break;
    const c = asCall(parent);
    if (c) out.push(c);
    if (c?.method === 'and') break;
    node = parent;
  }
  for (const arg of call.args) {
    if (arg.type !== 'lambda_expression') continue;
    for (const d of descendants(arg)) {
      const c = d.type === 'method_invocation' ? asCall(d) : null;
      if (c) out.push(c);
    }
  }
  return out;
}
