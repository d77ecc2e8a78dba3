// The platform's REST API as a script uses it (Bearer API token), for submitting jobs and reading results.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface RestClient {
  get<T>(path: string): Promise<T>;
  /** A GET whose answer is not JSON (a CSV export): the body as text. */
  getText(path: string): Promise<string>;
  post<T>(path: string, body: unknown, headers?: Record<string, string>): Promise<T>;
  /** A tRPC mutation over HTTP (superjson wire format), as the dashboard sends it. */
  trpcMutation<T>(path: string, input: unknown): Promise<T>;
  /** multipart/form-data upload of one file (plus text fields). */
  upload<T>(
    path: string,
    file: { field: string; name: string; content: Uint8Array<ArrayBuffer> | string; type?: string },
    fields?: Record<string, string>,
  ): Promise<T>;
}

export function restClient(baseUrl: string, token: string | null): RestClient {
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const call = async <T>(path: string, init: RequestInit, prefix = '/api'): Promise<T> => {
    const response = await fetch(`${baseUrl}${prefix}${path}`, {
      ...init,
      headers: { ...auth, ...(init.headers as Record<string, string> | undefined) },
    });
    const text = await response.text();
    if (!response.ok)
      throw new ApiError(response.status, `${init.method ?? 'GET'} ${path}: ${response.status} ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    get: (path) => call(path, { method: 'GET' }),
    getText: async (path) => {
      const response = await fetch(`${baseUrl}/api${path}`, { headers: auth });
      const text = await response.text();
      if (!response.ok) throw new ApiError(response.status, `GET ${path}: ${response.status} ${text.slice(0, 500)}`);
      return text;
    },
    post: (path, body, headers = {}) =>
      call(path, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json', ...headers },
      }),
    trpcMutation: async <T>(path: string, input: unknown) => {
      const answer = await call<{ result: { data: { json: T } } }>(
        `/${path}`,
        { method: 'POST', body: JSON.stringify({ json: input }), headers: { 'content-type': 'application/json' } },
        '/trpc',
      );
      return answer.result.data.json;
    },
    upload: (path, file, fields = {}) => {
      const form = new FormData();
      for (const [name, value] of Object.entries(fields)) form.append(name, value);
      form.append(file.field, new Blob([file.content], { type: file.type ?? 'application/octet-stream' }), file.name);
      return call(path, { method: 'POST', body: form });
    },
  };
}

/** The REST paths the benchmark needs, checked against the server's OpenAPI document before a run. */
export async function missingRoutes(baseUrl: string, needed: readonly string[]): Promise<string[]> {
  const response = await fetch(`${baseUrl}/api/v1/openapi.json`);
  if (!response.ok) return [...needed];
  const document = (await response.json()) as { paths?: Record<string, unknown> };
  const paths = Object.keys(document.paths ?? {});
  return needed.filter((path) => !paths.includes(path));
}
