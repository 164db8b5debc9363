import type { ParamsOf } from '../../../assertions/catalogue.js';
import { type Checker, type CheckResult, fail, pass } from '../../types.js';
import { at, byPosition, codeIndex, evidenceOf, guarded, matchesTrailing, splitName } from './common.js';
import { buildMiddlewareIndex } from './middleware-index.js';

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
    const { registrations, aliases, mentions } = loaded.value.index;
    const wanted = params.middleware.trim();
    const caseInsensitive = loaded.value.source.language === 'php';
    const matches = (name: string) => matchesTrailing(name, wanted, caseInsensitive) || sameAspNet(name, wanted);

    for (const reg of [...registrations].sort(byPosition)) {
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
    const last = splitName(wanted).at(-1) ?? wanted;
    const seen = mentions.get(last);
    const count = registrations.length;
    const summary = `${count} registration${count === 1 ? '' : 's'} checked`;
    if (seen) {
      return fail(
        `${params.file} mentions ${wanted} at line ${seen.line} but never registers it (${summary})`,
        evidenceOf(seen),
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
