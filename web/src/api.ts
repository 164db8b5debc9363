/** The SPA talks only to the REST API; state-changing calls carry the CSRF header the server requires. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(method === 'GET' ? {} : { 'x-requested-with': 'assay' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => ({}))) as {
    error?: { code: string; message: string; details?: { message: string }[] };
  };
  if (!res.ok) {
    const detail = data.error?.details?.[0]?.message;
    throw new ApiError(res.status, data.error?.code ?? 'error', detail ?? data.error?.message ?? `HTTP ${res.status}`);
  }
  return data as T;
}
