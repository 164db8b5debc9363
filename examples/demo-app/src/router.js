/**
 * A tiny router in the style of Express: `use(mw)` adds middleware for every route of the router,
 * `get/post(path, ...handlers)` adds a route. Middleware and handlers are `(req, res, next)`; a step that does not
 * call `next()` ends the chain (it has answered).
 */
export function createRouter() {
  const middleware = [];
  const routes = [];
  const add =
    (method) =>
    (path, ...handlers) => {
      routes.push({ method, path, handlers });
      return router;
    };
  const router = {
    use(fn) {
      middleware.push(fn);
      return router;
    },
    get: add('GET'),
    post: add('POST'),
    /** Runs the matching route; false when no route of this router matches the path. */
    async handle(req, res) {
      const path = new URL(req.url, 'http://localhost').pathname;
      const onPath = routes.filter((r) => r.path === path);
      if (onPath.length === 0) return false;
      const route = onPath.find((r) => r.method === req.method);
      const last = route
        ? route.handlers
        : [
            (_req, r) =>
              send(r, 405, { error: 'method not allowed' }, { Allow: onPath.map((x) => x.method).join(', ') }),
          ];
      for (const step of [...middleware, ...last]) {
        let proceed = false;
        await step(req, res, () => {
          proceed = true;
        });
        if (!proceed || res.writableEnded) break;
      }
      return true;
    },
  };
  return router;
}

export function send(res, status, body, headers = {}) {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}
