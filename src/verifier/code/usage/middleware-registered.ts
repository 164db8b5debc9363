import type { ParamsOf } from '../../../assertions/catalogue.js';
import { type Checker, type CheckResult, fail, pass } from '../../types.js';
import { at, byPosition, codeIndex, evidenceOf, guarded, matchesTrailing, mentionsOf, splitName } from './common.js';
import { buildMiddlewareIndex, nameKey } from './middleware-index.js';

type Params = ParamsOf<'middleware_registered'>;

/**
 * middleware_registered: the middleware (by name, whole trailing segments: `Auth` matches `app.middleware.Auth`,
 * a Django path matches by last segment or whole path) is registered with an app or router — an argument of a
 * registrar call, an entry of a middleware setting, a Flask hook, a Rails callback, … (rulings 8 and 20).
 * Mentioning the name anywhere else does not count.
 */
export const middlewareRegistered: Checker<Params> = (params, ctx) =>
  guarded(async (): Promise<CheckResult> => {
    const loaded = await codeIndex(ctx, params.file, 'middleware', buildMiddlewareIndex);
    if (!loaded.ok) return loaded.result;
    const { registrations, aliases, byKey, aliasesByClass } = loaded.value.index;
    const wanted = params.middleware.trim();
    const caseInsensitive = loaded.value.source.language === 'php';
    const matches = (name: string) => matchesTrailing(name, wanted, caseInsensitive) || sameAspNet(name, wanted);

    // only registrations that can match: same last segment, ASP.NET UseX for XMiddleware, Laravel aliases of it
    const key = nameKey(wanted);
    const keys = [key];
    if (key.endsWith('middleware')) keys.push(`use${key.slice(0, -'middleware'.length)}`);
    const aliasesOfWanted = aliasesByClass.get(key) ?? [];
    for (const alias of aliasesOfWanted) keys.push(nameKey(alias));
    const candidates = [...new Set(keys.flatMap((k) => byKey.get(k) ?? []))].sort(byPosition);

    for (const reg of candidates) {
      const direct = reg.names.find(matches);
      if (direct !== undefined) {
        return pass(`${at(reg.site)} registers ${wanted} (${reg.how})`, evidenceOf(reg.site));
      }
      // Laravel: a route alias (`->middleware('auth')`) stands for the class it is mapped to in this file
      for (const name of reg.names) {
        const mapped = (aliases.get(name) ?? []).find(matches);
        if (mapped !== undefined) {
          return pass(
            `${at(reg.site)} registers ${wanted} through its alias '${name}' (${reg.how})`,
            evidenceOf(reg.site),
          );
        }
      }
    }
    const count = registrations.length;
    const summary = `${count} registration${count === 1 ? '' : 's'} checked`;
    const mentions = await mentionsOf(ctx, loaded.value.source);
    const last = splitName(wanted).at(-1) ?? wanted;
    const line =
      mentions?.names.get(last) ??
      mentions?.strings.find((s) => splitName(s.value.split(':')[0] ?? s.value).at(-1) === last)?.line;
    if (line !== undefined) {
      const site = { file: params.file, line, endLine: line };
      return fail(
        `${params.file} mentions ${wanted} at line ${line} but never registers it (${summary})`,
        evidenceOf(site),
      );
    }
    return fail(`${params.file} does not register ${wanted} (${summary})`);
  });

/** ASP.NET `app.UseX()` is registered under `X` and `UseX`; also accept `XMiddleware` written as `UseX`. */
function sameAspNet(name: string, wanted: string): boolean {
  return (
    name.startsWith('Use') && wanted.endsWith('Middleware') && name.slice(3) === wanted.slice(0, -'Middleware'.length)
  );
}
