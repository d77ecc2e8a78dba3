// What a REST route answers on success when it is not a plain 200: creates are 201 Created (202 Accepted for a job,
// which runs later) with a Location naming the new resource. One table for the bridge (responseMeta in
// apps/server) and the served document (completeOpenApiDocument), so the two cannot disagree.

export interface RestAnswer {
  /** The success status, or one chosen by the answer. */
  status: number | ((answer: unknown) => number);
  /** Every success status it can answer and what each means (the document's responses; the 200 they replace goes). */
  documented: Record<string, string>;
  /** The path of the created resource (from the answer), sent as Location. */
  location?: (answer: unknown) => string;
  /** What Location names, for the document. */
  locationText?: string;
}

const field = (answer: unknown, name: string) => String((answer as Record<string, unknown> | undefined)?.[name]);

/** By procedure path (as the bridge names it). */
export const REST_ANSWERS: Record<string, RestAnswer> = {
  // The plan: "cache hits may return 200 immediately": a job the result cache completed at once is a 200.
  'pipelines.createJob': {
    status: (answer) => ((answer as { status?: string } | undefined)?.status === 'COMPLETED' ? 200 : 202),
    documented: {
      '202': 'Accepted: the job is PENDING',
      '200': 'COMPLETED at once: every ligand was answered from the result cache',
    },
    location: (answer) => `/api/v1/jobs/${field(answer, 'jobId')}`,
    locationText: 'The job: GET /api/v1/jobs/{jobId}',
  },
  'tokens.create': {
    status: 201,
    documented: { '201': 'Created: the token, its secret shown only now' },
    location: (answer) => `/api/v1/tokens/${field(answer, 'id')}`,
    locationText: 'The token: DELETE /api/v1/tokens/{tokenId} revokes it',
  },
  'members.add': {
    status: 201,
    documented: { '201': 'Created: the new member' },
    location: (answer) => `/api/v1/members/${field(answer, 'userId')}`,
    locationText: 'The membership: PATCH or DELETE /api/v1/members/{userId}',
  },
  'providers.create': {
    status: 201,
    documented: { '201': 'Created: the registered provider' },
    location: (answer) => `/api/v1/providers/${field(answer, 'id')}`,
    locationText: 'The provider: PATCH /api/v1/providers/{providerId}',
  },
  'webhooks.create': {
    status: 201,
    documented: { '201': 'Created: the webhook, its signing secret shown only now' },
    location: (answer) => `/api/v1/webhooks/${field(answer, 'id')}`,
    locationText: 'The webhook: GET, PATCH or DELETE /api/v1/webhooks/{webhookId}',
  },
  'projects.create': {
    status: 201,
    documented: { '201': 'Created: the project' },
    location: (answer) => `/api/v1/projects/${field(answer, 'id')}`,
    locationText: 'The project: GET, PATCH or DELETE /api/v1/projects/{projectId}',
  },
  'ligandSets.create': {
    status: 201,
    documented: { '201': 'Created: the ligand set, resolved now' },
    location: (answer) => `/api/v1/ligand-sets/${field(answer, 'id')}`,
    locationText: 'The ligand set: GET or DELETE /api/v1/ligand-sets/{ligandSetId}',
  },
  // The test delivery is sent later, by the worker; its attempts appear in the delivery log.
  'webhooks.test': {
    status: 202,
    documented: { '202': 'Accepted: the test delivery is queued' },
  },
};
