// A thin typed client over the REST bridge: openapi-fetch typed by the types generated from the served document
// (src/generated/openapi.ts), plus the everyday flow of a script (upload, create a job, wait, page the results,
// download files). Every refusal of the server becomes a MadApiError carrying its { code, message, field }.
import createClient, { type Client, type ClientPathsWithMethod, type MethodResponse } from 'openapi-fetch';
import type { components, operations, paths } from './generated/openapi.js';
import { sseFrames, type DownloadFormat } from './stream.js';

export type { components, operations, paths };
/** The one error body of every 4xx/5xx (API_CONTRACT "Errors"). */
export type ApiErrorBody = components['schemas']['Error'];
/** The JSON a successful answer of the route carries, as openapi-fetch reads it. */
type Answer<Method extends 'get' | 'post', Path extends ClientPathsWithMethod<Client<paths>, Method>> = MethodResponse<
  Client<paths>,
  Method,
  Path
>;
export type MoleculeKind = 'receptor' | 'ligand';
export type Pipeline = operations['pipelines-createJob']['parameters']['path']['pipelineId'];
export type JobRequest = NonNullable<operations['pipelines-createJob']['requestBody']>['content']['application/json'];
/** 202 accepted, or 200 when the result cache completed it at once. */
export type JobCreated = Answer<'post', '/v1/pipelines/{pipelineId}/jobs'>;
export type JobStatus = Answer<'get', '/v1/jobs/{jobId}/status'>;
export type ResultsPage = Answer<'get', '/v1/jobs/{jobId}/results'>;
export type ResultsQuery = NonNullable<operations['jobs-results']['parameters']['query']>;
export type LigandResult = ResultsPage['ligands'][number];
/** 201 something new stored, or 200 everything already stored. */
export type UploadAnswer = Answer<'post', '/v1/molecules/upload'>;
export type Me = Answer<'get', '/v1/me'>;

export const FINAL_JOB_STATUSES = ['COMPLETED', 'FAILED', 'CANCELLED'] as const;
export const isFinal = (status: JobStatus['status']) => (FINAL_JOB_STATUSES as readonly string[]).includes(status);

/** A refusal of the server (or an answer it should not give): the HTTP status and the error body's fields. */
export class MadApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  readonly body: unknown;
  constructor(status: number, body: unknown, what: string) {
    const error = isErrorBody(body) ? body : undefined;
    const message = error?.message ?? (typeof body === 'string' && body ? body.slice(0, 200) : `HTTP ${status}`);
    super(
      `${what}: ${status} ${error?.code ?? 'HTTP_ERROR'}: ${message}${error?.field ? ` (field ${error.field})` : ''}`,
    );
    this.name = 'MadApiError';
    this.status = status;
    this.code = error?.code ?? 'HTTP_ERROR';
    this.field = error?.field;
    this.body = body;
  }
}

function isErrorBody(body: unknown): body is ApiErrorBody {
  return typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string';
}

export interface UploadFile {
  /** The file name the server records (its extension tells the format: .pdb, .pdbqt, .sdf, .mol2, .smi, …). */
  name: string;
  content: string | Uint8Array;
}

export interface WaitOptions {
  /** Seconds each long-poll may hold (0–60; the server answers at once when the job is final). */
  waitSeconds?: number;
  /** Called with every status answered while waiting, the final one included. */
  onStatus?: (status: JobStatus) => void;
  signal?: AbortSignal;
}

export interface FollowOptions extends WaitOptions {
  /** Called when the event stream cannot be used and waiting goes on by long-poll (with why). */
  onFallback?: (reason: string) => void;
  /** Reconnects of a dropped event stream (resuming with Last-Event-ID) before falling back to long-poll. */
  reconnects?: number;
  /** The least time between two status reads while events arrive (ms; the final status is always read). */
  statusEveryMs?: number;
}

/** The query of results.csv, results.sdf and results.zip: the results list's filters (and `poses` for the SDF). */
export type ExportQuery = Record<string, string | number | boolean>;

export interface MadClientOptions {
  /** The server's address, e.g. http://localhost:8080 (the REST bridge is under /api). */
  url: string;
  /** An API token (npm run cli -- create-token, or the dashboard's Tokens page). */
  token: string;
  fetch?: typeof fetch;
}

export type MadClient = ReturnType<typeof createMadClient>;

export function createMadClient(options: MadClientOptions) {
  const origin = options.url.replace(/\/+$/, '');
  const fetchImpl = options.fetch ?? fetch;
  const authorization = `Bearer ${options.token}`;
  const api = createClient<paths>({
    baseUrl: `${origin}/api`,
    headers: { authorization },
    fetch: (request) => fetchImpl(request),
  });

  /** openapi-fetch's answer, or the MadApiError of its refusal. */
  function answer<T>(result: { data?: T; error?: unknown; response: Response }, what: string): T {
    if (result.error !== undefined || !result.response.ok || result.data === undefined)
      throw new MadApiError(result.response.status, result.error, what);
    return result.data;
  }

  /**
   * GET a path of this server (`/api/v1/jobs/{id}/results.csv`, a result's `files.posesSdf`, …). A 302 to the
   * object store is followed without the token (presigned links carry their own signature).
   */
  async function download(path: string, what = `GET ${path}`): Promise<Response> {
    const url = new URL(path, `${origin}/`);
    if (url.origin !== new URL(origin).origin) throw new Error(`${what}: ${url.origin} is not this server`);
    let response = await fetchImpl(url, { headers: { authorization }, redirect: 'manual' });
    if (response.status >= 300 && response.status < 400 && response.headers.get('location')) {
      await response.body?.cancel();
      response = await fetchImpl(new URL(response.headers.get('location')!, url));
    }
    if (!response.ok) {
      const text = await response.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: the text itself (an object store's XML error, say)
      }
      throw new MadApiError(response.status, body, what);
    }
    return response;
  }

  return {
    /** The typed openapi-fetch client for every other operation: `api.GET('/v1/molecules', { params: … })`. */
    api,
    /** Who the token is: user, organisation, role and permissions. */
    async me(): Promise<Me> {
      return answer(await api.GET('/v1/me'), 'GET /api/v1/me');
    },
    /** Uploads files of one kind in one multipart request; the answer lists each stored molecule and each error. */
    async upload(kind: MoleculeKind, files: UploadFile[]): Promise<UploadAnswer> {
      const form = new FormData();
      form.append('kind', kind);
      for (const file of files) form.append('files', new Blob([file.content]), file.name);
      const result = await api.POST('/v1/molecules/upload', {
        body: { kind, files: files.map((file) => file.name) },
        bodySerializer: () => form,
      });
      return answer(result, 'upload');
    },
    /** POST /api/v1/pipelines/{pipeline}/jobs with the request as given: nothing is added to it. */
    async createJob(pipeline: Pipeline, request: JobRequest, idempotencyKey?: string): Promise<JobCreated> {
      const result = await api.POST('/v1/pipelines/{pipelineId}/jobs', {
        params: {
          path: { pipelineId: pipeline },
          ...(idempotencyKey ? { header: { 'Idempotency-Key': idempotencyKey } } : {}),
        },
        body: request,
      });
      return answer(result, `create a ${pipeline} job`);
    },
    async status(jobId: string, waitSeconds?: number): Promise<JobStatus> {
      const query = waitSeconds === undefined ? undefined : { wait: waitSeconds };
      const result = await api.GET('/v1/jobs/{jobId}/status', { params: { path: { jobId }, query } });
      return answer(result, `status of job ${jobId}`);
    },
    /** Long-polls the job's status until it is COMPLETED, FAILED or CANCELLED; returns that status. */
    async waitForJob(jobId: string, options: WaitOptions = {}): Promise<JobStatus> {
      for (;;) {
        options.signal?.throwIfAborted();
        const result = await api.GET('/v1/jobs/{jobId}/status', {
          params: { path: { jobId }, query: { wait: options.waitSeconds ?? 60 } },
          signal: options.signal,
        });
        const status = answer(result, `status of job ${jobId}`);
        options.onStatus?.(status);
        if (isFinal(status.status)) return status;
      }
    },
    /** One page of results (query as given: sort, order, filters, limit, cursor). */
    async results(jobId: string, query: ResultsQuery = {}): Promise<ResultsPage> {
      const result = await api.GET('/v1/jobs/{jobId}/results', { params: { path: { jobId }, query } });
      return answer(result, `results of job ${jobId}`);
    },
    /** Every result matching the query, page after page (following `nextCursor` with the same query). */
    async *allResults(
      jobId: string,
      query: Omit<ResultsQuery, 'cursor' | 'offset'> = {},
    ): AsyncGenerator<LigandResult> {
      let cursor: string | undefined;
      do {
        const page = await this.results(jobId, { ...query, ...(cursor ? { cursor } : {}) });
        yield* page.ligands;
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    },
    /**
     * Waits for the job by following its events (GET /api/v1/jobs/{jobId}/events as Server-Sent Events): the status is
     * read again as events arrive (for a progress bar) and once the stream's `end` comes. A dropped stream is resumed
     * after its last event (Last-Event-ID); one the server does not offer (or that keeps dropping) falls back to the
     * `?wait=` long-poll of waitForJob.
     */
    async followJob(jobId: string, options: FollowOptions = {}): Promise<JobStatus> {
      const first = await this.status(jobId);
      options.onStatus?.(first);
      if (isFinal(first.status)) return first;
      const path = `/api/v1/jobs/${encodeURIComponent(jobId)}/events`;
      const everyMs = options.statusEveryMs ?? 1_000;
      let lastEventId: string | undefined;
      let lastRead = 0;
      let fallback = 'the event stream ended before the job did';
      for (let attempt = 0; attempt <= (options.reconnects ?? 3); attempt++) {
        options.signal?.throwIfAborted();
        let response: Response;
        try {
          response = await fetchImpl(new URL(path, `${origin}/`), {
            headers: {
              authorization,
              accept: 'text/event-stream',
              ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
            },
            signal: options.signal,
          });
        } catch (error) {
          if (options.signal?.aborted) throw error;
          fallback = `the event stream failed: ${(error as Error).message}`;
          continue;
        }
        if ([401, 403, 404].includes(response.status)) {
          const text = await response.text();
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // not JSON
          }
          throw new MadApiError(response.status, body, `events of job ${jobId}`);
        }
        if (!response.ok || !response.body || !/^text\/event-stream/.test(response.headers.get('content-type') ?? '')) {
          await response.body?.cancel();
          fallback = `the server offers no event stream here (${response.status} ${response.headers.get('content-type') ?? ''})`;
          break;
        }
        try {
          for await (const frame of sseFrames(response.body)) {
            if (frame.id) lastEventId = frame.id;
            if (frame.event === 'end') {
              const final = await this.status(jobId);
              options.onStatus?.(final);
              if (isFinal(final.status)) return final;
              continue;
            }
            if (Date.now() - lastRead < everyMs) continue;
            lastRead = Date.now();
            options.onStatus?.(await this.status(jobId));
          }
          fallback = 'the event stream ended before the job did';
        } catch (error) {
          if (options.signal?.aborted) throw error;
          if (error instanceof MadApiError) throw error;
          fallback = `the event stream broke: ${(error as Error).message}`;
        }
      }
      options.onFallback?.(fallback);
      return this.waitForJob(jobId, options);
    },
    /** The path of an export with its query (`results.csv?status=SUCCEEDED&affinityMax=-8`). */
    exportPath(jobId: string, format: DownloadFormat, query: ExportQuery = {}): string {
      const search = new URLSearchParams(
        Object.entries(query).map(([key, value]): [string, string] => [key, String(value)]),
      );
      const text = search.toString();
      return `/api/v1/jobs/${encodeURIComponent(jobId)}/results.${format}${text ? `?${text}` : ''}`;
    },
    /**
     * An export as the server streams it (its body not read yet): results.csv, results.sdf or results.zip, with the
     * results list's filters. A refused query (an unknown filter, a minimum above its maximum) is a MadApiError naming it.
     */
    async exportFile(jobId: string, format: DownloadFormat, query: ExportQuery = {}): Promise<Response> {
      return download(this.exportPath(jobId, format, query), `results.${format} of job ${jobId}`);
    },
    /** Every ligand of the job in one CSV (GET /api/v1/jobs/{jobId}/results.csv, streamed by the server). */
    async resultsCsv(jobId: string): Promise<string> {
      return (await download(`/api/v1/jobs/${encodeURIComponent(jobId)}/results.csv`)).text();
    },
    /** The job's poses in one SD file: every pose, or each ligand's top one. */
    async resultsSdf(jobId: string, poses: 'all' | 'top' = 'all'): Promise<string> {
      return (await download(`/api/v1/jobs/${encodeURIComponent(jobId)}/results.sdf?poses=${poses}`)).text();
    },
    /** A ligand's poses (its result's `files.posesSdf`, `files.posesPdbqt` or `files.log`). */
    async ligandFile(link: string): Promise<string> {
      return (await download(link)).text();
    },
    download,
  };
}
