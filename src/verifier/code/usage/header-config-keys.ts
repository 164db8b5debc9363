/**
 * Header names and the configuration keys of security-header libraries that emit them (helmet, Django settings,
 * Spring Security's headers DSL, Go unrolled/secure). A config key "emits" a header when setting it makes the
 * library put that header on responses.
 */

/** Compares header names and header constants alike: `X-Frame-Options` = `X_FRAME_OPTIONS` = `XFrameOptions`. */
export function headerKey(name: string): string {
  return name.toLowerCase().replace(/[-_\s]/g, '');
}

/**
 * A constant that names a header (`header::X_FRAME_OPTIONS`, `HeaderNames.XFrameOptions`, `HttpHeaders.X_FRAME_OPTIONS`,
 * `echo.HeaderXFrameOptions`) → its key, or null when the last segment does not look like a header constant.
 */
export function constantHeaderKey(path: string[]): string | null {
  const last = path[path.length - 1] ?? '';
  if (!/^[A-Z][A-Za-z0-9_]*$/.test(last) || last.length < 3) return null;
  const stripped = last.replace(/^(Header_?|HEADER_)(?=[A-Z])/, '');
  return headerKey(stripped);
}

export interface HelmetHeader {
  /** Option names, current first then the helmet 4-6 aliases. */
  options: string[];
  header: string;
  /** The value helmet sends when the option is on with defaults; null when the option is off by default. */
  value: string;
  onByDefault: boolean;
}

/** helmet 7/8 (and @fastify/helmet, which passes the same options through). */
export const HELMET_HEADERS: HelmetHeader[] = [
  { options: ['contentSecurityPolicy'], header: 'Content-Security-Policy', value: '', onByDefault: true },
  {
    options: ['crossOriginEmbedderPolicy'],
    header: 'Cross-Origin-Embedder-Policy',
    value: 'require-corp',
    onByDefault: false,
  },
  {
    options: ['crossOriginOpenerPolicy'],
    header: 'Cross-Origin-Opener-Policy',
    value: 'same-origin',
    onByDefault: true,
  },
  {
    options: ['crossOriginResourcePolicy'],
    header: 'Cross-Origin-Resource-Policy',
    value: 'same-origin',
    onByDefault: true,
  },
  { options: ['originAgentCluster'], header: 'Origin-Agent-Cluster', value: '?1', onByDefault: true },
  { options: ['referrerPolicy'], header: 'Referrer-Policy', value: 'no-referrer', onByDefault: true },
  {
    options: ['strictTransportSecurity', 'hsts'],
    header: 'Strict-Transport-Security',
    value: 'max-age=31536000; includeSubDomains',
    onByDefault: true,
  },
  {
    options: ['xContentTypeOptions', 'noSniff'],
    header: 'X-Content-Type-Options',
    value: 'nosniff',
    onByDefault: true,
  },
  {
    options: ['xDnsPrefetchControl', 'dnsPrefetchControl'],
    header: 'X-DNS-Prefetch-Control',
    value: 'off',
    onByDefault: true,
  },
  { options: ['xDownloadOptions', 'ieNoOpen'], header: 'X-Download-Options', value: 'noopen', onByDefault: true },
  { options: ['xFrameOptions', 'frameguard'], header: 'X-Frame-Options', value: 'SAMEORIGIN', onByDefault: true },
  {
    options: ['xPermittedCrossDomainPolicies', 'permittedCrossDomainPolicies'],
    header: 'X-Permitted-Cross-Domain-Policies',
    value: 'none',
    onByDefault: true,
  },
  { options: ['xXssProtection', 'xssFilter'], header: 'X-XSS-Protection', value: '0', onByDefault: true },
];

/** helmet's default Content-Security-Policy directives, in the order helmet writes them. */
export const HELMET_CSP_DEFAULTS: [string, string][] = [
  ['default-src', "'self'"],
  ['base-uri', "'self'"],
  ['font-src', "'self' https: data:"],
  ['form-action', "'self'"],
  ['frame-ancestors', "'self'"],
  ['img-src', "'self' data:"],
  ['object-src', "'none'"],
  ['script-src', "'self'"],
  ['script-src-attr', "'none'"],
  ['style-src', "'self' https: 'unsafe-inline'"],
  ['upgrade-insecure-requests', ''],
];

export function helmetCsp(directives: [string, string | null][], useDefaults: boolean): string {
  const merged = new Map<string, string | null>(useDefaults ? HELMET_CSP_DEFAULTS : []);
  for (const [k, v] of directives) merged.set(k, v);
  return [...merged]
    .filter(([, v]) => v !== null)
    .map(([k, v]) => (v ? `${k} ${v}` : k))
    .join(';');
}

/** Django settings that make SecurityMiddleware / XFrameOptionsMiddleware emit a header. */
export const DJANGO_SETTINGS: Record<
  string,
  { header: string; value: (v: string | boolean | number) => string | null }
> = {
  X_FRAME_OPTIONS: { header: 'X-Frame-Options', value: (v) => (typeof v === 'string' ? v.toUpperCase() : null) },
  SECURE_HSTS_SECONDS: {
    header: 'Strict-Transport-Security',
    value: (v) => (typeof v === 'number' && v > 0 ? `max-age=${v}` : null),
  },
  SECURE_CONTENT_TYPE_NOSNIFF: { header: 'X-Content-Type-Options', value: (v) => (v === true ? 'nosniff' : null) },
  SECURE_REFERRER_POLICY: {
    header: 'Referrer-Policy',
    value: (v) => (typeof v === 'string' ? v : null),
  },
  SECURE_CROSS_ORIGIN_OPENER_POLICY: {
    header: 'Cross-Origin-Opener-Policy',
    value: (v) => (typeof v === 'string' ? v : null),
  },
  SECURE_BROWSER_XSS_FILTER: { header: 'X-XSS-Protection', value: (v) => (v === true ? '1; mode=block' : null) },
};

/** Spring Security `http.headers(…)` DSL methods → header. */
export const SPRING_HEADER_METHODS: Record<string, string> = {
  frameOptions: 'X-Frame-Options',
  httpStrictTransportSecurity: 'Strict-Transport-Security',
  contentSecurityPolicy: 'Content-Security-Policy',
  contentTypeOptions: 'X-Content-Type-Options',
  xssProtection: 'X-XSS-Protection',
  referrerPolicy: 'Referrer-Policy',
  permissionsPolicy: 'Permissions-Policy',
  permissionsPolicyHeader: 'Permissions-Policy',
  crossOriginOpenerPolicy: 'Cross-Origin-Opener-Policy',
  crossOriginEmbedderPolicy: 'Cross-Origin-Embedder-Policy',
  crossOriginResourcePolicy: 'Cross-Origin-Resource-Policy',
  cacheControl: 'Cache-Control',
};

/** Go github.com/unrolled/secure Options fields → header and how the field's value becomes the header value. */
export const GO_SECURE_OPTIONS: Record<
  string,
  { header: string; value: (v: string | boolean | number) => string | null }
> = {
  FrameDeny: { header: 'X-Frame-Options', value: (v) => (v === true ? 'DENY' : null) },
  CustomFrameOptionsValue: { header: 'X-Frame-Options', value: (v) => (typeof v === 'string' && v ? v : null) },
  ContentTypeNosniff: { header: 'X-Content-Type-Options', value: (v) => (v === true ? 'nosniff' : null) },
  BrowserXssFilter: { header: 'X-XSS-Protection', value: (v) => (v === true ? '1; mode=block' : null) },
  STSSeconds: {
    header: 'Strict-Transport-Security',
    value: (v) => (typeof v === 'number' && v > 0 ? `max-age=${v}` : null),
  },
  ContentSecurityPolicy: { header: 'Content-Security-Policy', value: (v) => (typeof v === 'string' && v ? v : null) },
  ReferrerPolicy: { header: 'Referrer-Policy', value: (v) => (typeof v === 'string' && v ? v : null) },
  PermissionsPolicy: { header: 'Permissions-Policy', value: (v) => (typeof v === 'string' && v ? v : null) },
  CrossOriginOpenerPolicy: {
    header: 'Cross-Origin-Opener-Policy',
    value: (v) => (typeof v === 'string' && v ? v : null),
  },
};

const nonEmpty = (v: string | boolean | number) => (typeof v === 'string' && v ? v : null);

/** Echo middleware.SecureConfig fields → header and value (an empty string turns the header off). */
export const ECHO_SECURE_CONFIG: Record<
  string,
  { header: string; value: (v: string | boolean | number) => string | null }
> = {
  XSSProtection: { header: 'X-XSS-Protection', value: nonEmpty },
  ContentTypeNosniff: { header: 'X-Content-Type-Options', value: nonEmpty },
  XFrameOptions: { header: 'X-Frame-Options', value: nonEmpty },
  HSTSMaxAge: {
    header: 'Strict-Transport-Security',
    value: (v) => (typeof v === 'number' && v > 0 ? `max-age=${v}` : null),
  },
  ContentSecurityPolicy: { header: 'Content-Security-Policy', value: nonEmpty },
  ReferrerPolicy: { header: 'Referrer-Policy', value: nonEmpty },
};

/** Headers whose values may be credentials: never printed in details. */
export function isSensitiveHeader(name: string): boolean {
  return /authorization|cookie|token|secret|api-?key|password|signature/i.test(name);
}
