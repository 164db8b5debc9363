import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** Parsed once at start-up; features read this typed object, never process.env. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  ASSAY_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  ASSAY_SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ASSAY_SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  ASSAY_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ASSAY_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  ASSAY_LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(10),
  ASSAY_TRUST_PROXY: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
  ASSAY_SECURE_COOKIES: z
    .enum(['auto', '0', '1', 'true', 'false'])
    .default('auto')
    .transform((v) => (v === 'auto' ? 'auto' : v === '1' || v === 'true')),
  ASSAY_ALLOW_INSECURE_ISSUERS: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
  ASSAY_WEB_DIR: z.string().optional(),
  ASSAY_INSTANCE_KEY_FILE: z.string().min(1).optional(),
  ASSAY_LLM_PROVIDER: z.enum(['rules', 'openai', 'anthropic', 'ollama']).default('rules'),
  ASSAY_LLM_MODEL: z.string().min(1).max(200).optional(),
  ASSAY_LLM_API_KEY: z.string().min(1).optional(),
  OPENAI_API_KEY: z.string().min(1).optional(),
  ANTHROPIC_API_KEY: z.string().min(1).optional(),
  ASSAY_LLM_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  ASSAY_OLLAMA_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .default('http://127.0.0.1:11434'),
  ASSAY_LLM_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(10 * 60_000)
    .default(20_000),
});

export type Env = z.input<typeof envSchema>;

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  sessionSecret: string;
  sessionTtlSeconds: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  bodyLimitBytes: number;
  loginRateLimitPerMinute: number;
  trustProxy: boolean;
  /** 'auto': Secure cookies unless the server listens on plain http on loopback. */
  secureCookies: boolean | 'auto';
  allowInsecureIssuers: boolean;
  webDir: string;
  llm: LlmConfig;
  /** The instance's notarization key (PKCS#8 PEM): ASSAY_INSTANCE_KEY_FILE, or `instance-key.pem` in the data dir. */
  instanceKey: { file: string; given: boolean; persist: boolean };
}

/** Who judges coherence and sufficiency (src/llm/). The key is wrapped so logging the config never shows it. */
export interface LlmConfig {
  provider: 'rules' | 'openai' | 'anthropic' | 'ollama';
  /** The provider's model; a default per provider when not set. */
  model: string;
  apiKey: Secret | undefined;
  /** An OpenAI- or Anthropic-compatible server instead of the provider's own. */
  baseUrl: string | undefined;
  ollamaUrl: string;
  timeoutMs: number;
}

/** A credential that prints as [redacted] in logs, JSON and util.inspect; `reveal()` gives the value. */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return '[redacted]';
  }
  toJSON(): string {
    return '[redacted]';
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return '[redacted]';
  }
}

const DEFAULT_MODELS = { rules: 'rules', openai: 'gpt-4.1-mini', anthropic: 'claude-haiku-4-5', ollama: 'llama3.1' };

function llmConfig(e: z.output<typeof envSchema>): LlmConfig {
  const provider = e.ASSAY_LLM_PROVIDER;
  const key =
    e.ASSAY_LLM_API_KEY ??
    (provider === 'openai' ? e.OPENAI_API_KEY : provider === 'anthropic' ? e.ANTHROPIC_API_KEY : undefined);
  // an OpenAI-compatible server on ASSAY_LLM_BASE_URL may need no key; the providers' own APIs do
  if (!key && !e.ASSAY_LLM_BASE_URL && (provider === 'openai' || provider === 'anthropic')) {
    const usual = provider === 'openai' ? 'OPENAI_API_KEY' : 'ANTHROPIC_API_KEY';
    throw new ConfigError(`invalid ASSAY_LLM_API_KEY: required for ASSAY_LLM_PROVIDER=${provider} (or set ${usual})`);
  }
  return {
    provider,
    model: e.ASSAY_LLM_MODEL ?? DEFAULT_MODELS[provider],
    apiKey: key ? new Secret(key) : undefined,
    baseUrl: e.ASSAY_LLM_BASE_URL?.replace(/\/+$/, ''),
    ollamaUrl: e.ASSAY_OLLAMA_URL.replace(/\/+$/, ''),
    timeoutMs: e.ASSAY_LLM_TIMEOUT_MS,
  };
}

/** A configuration problem: start-up stops with this one line. */
export class ConfigError extends Error {}

/**
 * Parses the environment once. A bad value throws ConfigError naming the variable. The session secret, when not
 * given, is generated into the data directory (mode 0600) so sessions survive restarts.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: { ensureDataDir?: boolean } = {}): Config {
  // An empty variable (VAR= in a compose file or .env) means "not set".
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    throw new ConfigError(`invalid ${name}: ${issue?.message ?? 'bad value'}`);
  }
  const e = parsed.data;
  const llm = llmConfig(e);
  const dataDir = path.resolve(e.ASSAY_DATA_DIR);
  const ensure = options.ensureDataDir ?? true;
  if (ensure) {
    try {
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    } catch (err) {
      throw new ConfigError(`invalid ASSAY_DATA_DIR: cannot create ${dataDir} (${(err as Error).message})`);
    }
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    sessionSecret: e.ASSAY_SESSION_SECRET ?? (ensure ? sessionSecretFromDataDir(dataDir) : randomSecret()),
    sessionTtlSeconds: e.ASSAY_SESSION_TTL_HOURS * 3600,
    logLevel: e.ASSAY_LOG_LEVEL,
    bodyLimitBytes: e.ASSAY_BODY_LIMIT_BYTES,
    loginRateLimitPerMinute: e.ASSAY_LOGIN_RATE_LIMIT,
    trustProxy: e.ASSAY_TRUST_PROXY,
    secureCookies: e.ASSAY_SECURE_COOKIES,
    allowInsecureIssuers: e.ASSAY_ALLOW_INSECURE_ISSUERS,
    webDir: path.resolve(e.ASSAY_WEB_DIR ?? path.join(import.meta.dirname, '..', 'web', 'dist')),
    llm,
    instanceKey: {
      file: path.resolve(e.ASSAY_INSTANCE_KEY_FILE ?? path.join(dataDir, 'instance-key.pem')),
      given: e.ASSAY_INSTANCE_KEY_FILE !== undefined,
      // without a data directory (tests) a missing key is generated in memory only
      persist: ensure,
    },
  };
}

const randomSecret = () => randomBytes(48).toString('base64url');

function sessionSecretFromDataDir(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret');
  if (existsSync(file)) {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length < 32) throw new ConfigError(`invalid session secret in ${file}: shorter than 32 characters`);
    return secret;
  }
  const secret = randomSecret();
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return secret;
}
