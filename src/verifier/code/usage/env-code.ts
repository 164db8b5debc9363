import type { Node } from 'web-tree-sitter';
import type { SourceFile } from '../parser.js';
import { type NodeTable, pushTo, type Site, siteOf } from './common.js';
import { buildImportIndex } from './import-index.js';
import { ENV_TYPES } from './node-types.js';
import { asCall, calleePath, kids, literalOf, pathOf, stringValue } from './syntax.js';

/** One read of an environment variable, or a read whose key is computed (which never counts: ruling 13). */
export interface EnvRead {
  name: string;
  how: string;
  site: Site;
}

export interface EnvIndex {
  /** Reads by variable name, each list in document order. */
  byName: Map<string, EnvRead[]>;
  /** Reads with a computed key (`process.env[name]`): reported in details, never a pass. */
  computed: Site[];
}

/** The expressions that are the environment itself, per language (as dotted paths). */
const ENV_OBJECTS = new Set([
  'os.environ',
  'environ',
  'os.environb',
  'process.env',
  'Bun.env',
  'ENV',
  '_ENV',
  '_SERVER',
]);

function isEnvObject(node: Node | null, aliases: ReadonlySet<string>): boolean {
  if (!node) return false;
  if (node.type === 'member_expression') {
    // import.meta.env
    const obj = node.childForFieldName('object');
    if (obj?.type === 'meta_property' && node.childForFieldName('property')?.text === 'env') return true;
  }
  const path = pathOf(node);
  if (!path) return false;
  const dotted = path.join('.');
  return ENV_OBJECTS.has(dotted) || (path.length === 1 && aliases.has(dotted));
}

/** Is `node` the target of a plain assignment (a write, not a read)? */
function isWriteTarget(node: Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (parent.type === 'assignment' || parent.type === 'assignment_expression') {
    return parent.childForFieldName('left')?.id === node.id && !/^[|&?]{1,2}=$/.test(operatorOf(parent));
  }
  return false;
}

function operatorOf(assignment: Node): string {
  for (const child of assignment.children) if (child && !child.isNamed) return child.type;
  return '=';
}

/** Method names on the env object that read a key: `os.environ.get`, `ENV.fetch`, `Deno.env.get`. */
const READ_METHODS = new Set([
  'get',
  'setdefault',
  'pop',
  'fetch',
  'key?',
  'has_key?',
  'include?',
  'member?',
  'dig',
  'getOrDefault',
  'has',
  '__getitem__',
]);

/** Functions whose first argument is the variable name. */
const GETTERS: Record<string, (path: string[]) => boolean> = {
  python: (p) => ['os.getenv', 'getenv', 'os.getenvb'].includes(p.join('.')),
  go: (p) => p.length === 2 && ['os', 'syscall'].includes(p[0] ?? '') && ['Getenv', 'LookupEnv'].includes(p[1] ?? ''),
  java: (p) => p.join('.') === 'System.getenv',
  csharp: (p) => p[p.length - 1] === 'GetEnvironmentVariable',
  php: (p) => ['getenv', 'env', 'Env.get', 'Env.getOrFail'].includes(p.join('.').replace(/^\\/, '')),
  rust: (p) => {
    const last = p[p.length - 1] ?? '';
    const prev = p[p.length - 2] ?? '';
    return (last === 'var' || last === 'var_os') && ['env', 'dotenv', 'dotenvy'].includes(prev);
  },
};

export function buildEnvIndex(source: SourceFile, nodes: NodeTable): EnvIndex {
  const lang = source.language;
  const reads: EnvRead[] = [];
  const computed: Site[] = [];
  const aliases = new Set<string>();
  const aliasUses: { node: Node; object: Node; key: Node | null; how: string }[] = [];
  let usesDecouple: boolean | undefined;
  const add = (name: string | null, node: Node, how: string) => {
    if (name) reads.push({ name, how, site: siteOf(source, node) });
    else computed.push(siteOf(source, node));
  };
  const keyName = (key: Node | null): string | null => literalOf(key, lang);
  const getter = GETTERS[lang];
  const isJs = lang === 'javascript' || lang === 'typescript' || lang === 'tsx';

  const visit = (node: Node): void => {
    switch (node.type) {
      // --- subscripts: os.environ['X'], process.env['X'], ENV['X'], $_ENV['X'] ---
      case 'subscript':
      case 'subscript_expression':
      case 'element_reference':
      case 'element_access_expression': {
        const object =
          node.childForFieldName('value') ??
          node.childForFieldName('object') ??
          node.childForFieldName('expression') ??
          kids(node)[0] ??
          null;
        const key =
          node.childForFieldName('subscript') ??
          node.childForFieldName('index') ??
          kids(node).filter((k) => k.id !== object?.id)[0] ??
          null;
        if (isWriteTarget(node)) return;
        const keyNode = key?.type === 'bracketed_argument_list' ? (kids(kids(key)[0])[0] ?? null) : key;
        if (isEnvObject(object, new Set())) add(keyName(keyNode), node, 'environment subscript');
        else if (isJs && object?.type === 'identifier')
          aliasUses.push({ node, object, key: keyNode, how: 'subscript' });
        else if (
          lang === 'csharp' &&
          object &&
          /GetEnvironmentVariables$/.test(pathOf(object, true)?.join('.') ?? '')
        ) {
          add(keyName(keyNode), node, 'Environment.GetEnvironmentVariables()[…]');
        }
        return;
      }
      // --- members: process.env.X, import.meta.env.X ---
      case 'member_expression': {
        if (!isJs) return;
        const object = node.childForFieldName('object');
        const prop = node.childForFieldName('property');
        if (!object || !prop || isWriteTarget(node)) return;
        if (node.parent?.type === 'call_expression' && node.parent.childForFieldName('function')?.id === node.id)
          return;
        if (isEnvObject(object, new Set())) add(prop.text, node, 'process.env member');
        else if (object.type === 'identifier') aliasUses.push({ node, object, key: prop, how: 'member' });
        return;
      }
      // --- destructuring: const { X } = process.env; const env = process.env (alias) ---
      case 'variable_declarator':
      case 'assignment_expression': {
        if (!isJs) return;
        const target = node.childForFieldName('name') ?? node.childForFieldName('left');
        const value = node.childForFieldName('value') ?? node.childForFieldName('right');
        if (!target || !isEnvObject(value, new Set())) return;
        if (target.type === 'identifier') aliases.add(target.text);
        if (target.type === 'object_pattern') {
          for (const p of kids(target)) {
            if (p.type === 'shorthand_property_identifier_pattern') add(p.text, p, 'destructuring of process.env');
            if (p.type === 'pair_pattern') {
              const k = p.childForFieldName('key');
              add(
                k ? (stringValue(k) ?? (k.type === 'computed_property_name' ? null : k.text)) : null,
                p,
                'destructuring of process.env',
              );
            }
            if (p.type === 'object_assignment_pattern')
              add(p.childForFieldName('left')?.text ?? null, p, 'destructuring of process.env');
          }
        }
        return;
      }
      // --- membership: 'X' in os.environ / process.env ---
      case 'comparison_operator':
      case 'binary_expression': {
        const left = node.childForFieldName('left') ?? kids(node)[0] ?? null;
        const right = node.childForFieldName('right') ?? kids(node)[1] ?? null;
        const op = node.children.find((c) => c && !c.isNamed)?.type;
        if ((op === 'in' || op === 'not') && isEnvObject(right, aliases))
          add(stringValue(left, lang), node, 'membership test');
        return;
      }
      case 'macro_invocation': {
        // Rust env!("X"), option_env!("X")
        const macro = node.childForFieldName('macro')?.text;
        if (macro !== 'env' && macro !== 'option_env') return;
        const tokens = kids(node).find((k) => k.type === 'token_tree');
        add(stringValue(kids(tokens)[0] ?? null, lang), node, `${macro}!`);
        return;
      }
      case 'field_declaration': {
        // Go struct tags read by env/envconfig libraries: `env:"PORT"`
        if (lang !== 'go') return;
        const tag = stringValue(node.childForFieldName('tag'), lang);
        if (!tag) return;
        for (const m of tag.matchAll(/\b(env|envconfig):"([^",]+)/g)) add(m[2] ?? null, node, `struct tag ${m[1]}`);
        return;
      }
      case 'class_definition': {
        // pydantic-settings: class Settings(BaseSettings): database_url: str reads DATABASE_URL (prefix applied)
        if (lang === 'python') settingsFields(node, add);
        return;
      }
      case 'attribute': {
        if (lang === 'rust') {
          // clap/structopt #[arg(long, env = "DATABASE_URL")]: the option falls back to the environment variable
          const tokens = node.childForFieldName('arguments')?.children ?? [];
          for (let i = 0; i + 2 < tokens.length; i++) {
            if (tokens[i]?.text === 'env' && tokens[i + 1]?.type === '=')
              add(stringValue(tokens[i + 2] ?? null, lang), node, `#[${kids(node)[0]?.text ?? ''}(env = …)]`);
          }
        } else if (lang === 'php') {
          // Symfony #[Autowire(env: 'API_KEY')] and '%env(int:PORT)%' parameters
          for (const arg of kids(node.childForFieldName('parameters'))) {
            const named = arg.childForFieldName('name')?.text;
            const value = stringValue(kids(arg).at(-1) ?? null, lang);
            if (!value) continue;
            if (named === 'env') add(value, node, '#[Autowire(env: …)]');
            for (const m of value.matchAll(/%env\((?:[\w-]+:)*([A-Za-z_]\w*)\)%/g))
              add(m[1] ?? null, node, '%env()% parameter');
          }
        }
        return;
      }
      case 'annotation':
      case 'marker_annotation': {
        // Spring @Value("${X}") / @Value("${X:default}") / #{systemEnvironment['X']}
        if (lang !== 'java' || node.childForFieldName('name')?.text.replace(/^.*\./, '') !== 'Value') return;
        for (const arg of kids(node.childForFieldName('arguments'))) {
          const value = stringValue(arg.type === 'element_value_pair' ? arg.childForFieldName('value') : arg, lang);
          if (!value) continue;
          for (const m of value.matchAll(/\$\{([^:}]+)/g)) add(m[1] ?? null, node, '@Value placeholder');
          for (const m of value.matchAll(/systemEnvironment\[['"]([^'"]+)/g))
            add(m[1] ?? null, node, '@Value systemEnvironment');
        }
        return;
      }
    }
    const call = nodes.call(node);
    if (!call) return;
    const path = calleePath(call) ?? [];
    const first = call.args[0] ?? null;
    // env-object methods: os.environ.get('X'), ENV.fetch('X'), Deno.env.get('X'), System.getenv().get("X")
    if (call.method && READ_METHODS.has(call.method)) {
      const receiver = call.receiver;
      const receiverPath = pathOf(receiver, true)?.join('.') ?? '';
      if (isEnvObject(receiver, aliases) || receiverPath === 'Deno.env' || receiverPath === 'System.getenv') {
        add(keyName(first), node, `${receiverPath || 'env'}.${call.method}`);
        return;
      }
    }
    if (getter?.(path)) {
      add(keyName(first), node, `${path.join('.')}()`);
      return;
    }
    if (lang === 'python' && first) {
      // django-environ env('X') / env.str('X'); python-decouple config('X') when decouple is imported
      if (path[0] === 'env' && path.length <= 2) add(keyName(first), node, `${path.join('.')}()`);
      if (path.join('.') === 'config' || path.join('.') === 'decouple.config') {
        usesDecouple ??= buildImportIndex(source, nodes).some((f) => f.module === 'decouple');
        if (usesDecouple) add(keyName(first), node, 'decouple config()');
      }
    }
    if (lang === 'csharp' && call.method === 'ExpandEnvironmentVariables') {
      const text = keyName(first);
      for (const m of (text ?? '').matchAll(/%([^%]+)%/g)) add(m[1] ?? null, node, 'ExpandEnvironmentVariables');
    }
  };
  for (const node of nodes.ofTypes(ENV_TYPES)) visit(node);

  for (const use of aliasUses) {
    if (!aliases.has(use.object.text)) continue;
    add(
      use.how === 'member' ? (use.key?.text ?? null) : keyName(use.key),
      use.node,
      `alias ${use.object.text} of process.env`,
    );
  }
  return { byName: indexReads(reads), computed };
}

export function indexReads(reads: EnvRead[]): Map<string, EnvRead[]> {
  const byName = new Map<string, EnvRead[]>();
  for (const r of reads) pushTo(byName, r.name, r);
  for (const list of byName.values()) list.sort((a, b) => a.site.line - b.site.line || a.site.endLine - b.site.endLine);
  return byName;
}

/** Fields of a pydantic `BaseSettings` class: each is read from the environment variable of its name. */
function settingsFields(cls: Node, add: (name: string | null, node: Node, how: string) => void): void {
  const bases = kids(cls.childForFieldName('superclasses')).map((b) => pathOf(b)?.at(-1));
  if (!bases.includes('BaseSettings')) return;
  const body = cls.childForFieldName('body');
  let prefix = '';
  const fields: { name: string; node: Node; alias: string | null }[] = [];
  for (const statement of kids(body)) {
    const assignment = statement.type === 'expression_statement' ? kids(statement)[0] : null;
    if (assignment?.type === 'assignment') {
      const left = assignment.childForFieldName('left');
      const right = assignment.childForFieldName('right');
      const call = right ? asCall(right) : null;
      if (left?.text === 'model_config' && call) {
        prefix = literalOf(call.named.get('env_prefix') ?? null) ?? prefix;
        continue;
      }
      if (left?.type !== 'identifier' || !assignment.childForFieldName('type')) continue;
      const alias = call
        ? (call.named.get('validation_alias') ?? call.named.get('alias') ?? call.named.get('env'))
        : null;
      fields.push({ name: left.text, node: assignment, alias: literalOf(alias ?? null) });
    } else if (statement.type === 'class_definition' && statement.childForFieldName('name')?.text === 'Config') {
      // pydantic v1: class Config: env_prefix = "APP_"
      for (const inner of kids(statement.childForFieldName('body'))) {
        const a = inner.type === 'expression_statement' ? kids(inner)[0] : null;
        if (a?.type === 'assignment' && a.childForFieldName('left')?.text === 'env_prefix')
          prefix = literalOf(a.childForFieldName('right')) ?? prefix;
      }
    }
  }
  for (const f of fields) {
    add(f.alias ?? `${prefix}${f.name}`.toUpperCase(), f.node, 'pydantic BaseSettings field');
  }
}
