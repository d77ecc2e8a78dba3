// Generated from GET /api/v1/openapi.json (apps/server/src/openapi.ts) by openapi-typescript; do not edit.
// Regenerate: pnpm --filter @mad/client generate. apps/server/src/client-types.test.ts fails when this file drifts.
export interface paths {
    "/v1/agents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Live compute agents: capabilities, slots, current tasks, last heartbeat */
        get: operations["agents-list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/artifacts/{artifactId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download a stored file: 302 to a short-lived presigned URL */
        get: operations["artifacts-download"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The organisation's jobs, newest first, filtered by name, status, pipeline, receptor and creation time */
        get: operations["jobs-list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{jobId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A job: pipeline, state, receptor, box, parameters, warnings, counts per state, progress, timestamps */
        get: operations["jobs-get"];
        put?: never;
        post?: never;
        /** Delete a finished job: its rows (ligands, poses, events, attempts) and its objects (poses, logs); 409 while it runs */
        delete: operations["jobs-delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{jobId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a job: queued tasks never start, running ones are stopped by their agents */
        post: operations["jobs-cancel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{jobId}/compare/{otherJobId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Two jobs side by side: their set-ups and differences, and the ligands both docked (matched by molecule id) with both best affinities and the difference */
        get: operations["jobs-compare"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{jobId}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A job's event timeline, oldest first; page with afterId */
        get: operations["jobs-events"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{jobId}/ligands/{ligandId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One ligand of a job: best affinity, its best pose's validity, every pose (affinity, RMSD bounds, CNN scores, validity checks, interactions), links to its files */
        get: operations["jobs-ligand"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{jobId}/ligands/{ligandId}/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Redirect (302) to a short-lived link to one ligand's poses (SDF or PDBQT) or engine log; the results' files links point here */
        get: operations["jobs-ligandFile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{jobId}/logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Redirect (302) to a short-lived link to a job's task log, or with ligandId to one ligand's engine log */
        get: operations["jobs-logs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{jobId}/results": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Per ligand: best affinity (kcal/mol), every pose with its validity checks and protein–ligand interactions, the best pose's validity (flagged when it fails), links to pose files, errors; filtered by status, affinity range, confidence, validity (valid=true|false), the best pose's interactions (interactsWith=MET318, interactionType=hydrogen_bond) and molecule properties, sorted, paged by cursor (or offset) */
        get: operations["jobs-results"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{jobId}/results.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every ligand of the job that passes the results list's filters (none: every ligand) as one CSV (streamed, ordinal order): outcome, best affinity, ligand efficiency, best pose's CNN scores, pose count, confidence, the best pose's validity (valid true|false, failed_checks: the failed checks' codes), cache origin, the uploaded molecule's properties, error */
        get: operations["jobs-resultsCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{jobId}/results.sdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The poses of the job's ligands that pass the results list's filters as one SD file (streamed, ligand ordinal then pose rank), each titled with the ligand's name and carrying ligand_id, ordinal, name, molecule_id, smiles, status, pose_rank, affinity_kcal_mol, rmsd_lb, rmsd_ub, cnn_score, cnn_affinity, valid and failed_checks (the pose's validity checks; failed_checks only when some failed), confidence_score, cached_from_job_id and the molecule's properties as data items; ligands without poses are left out (results.csv lists them) */
        get: operations["jobs-resultsSdf"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{jobId}/results.zip": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every file of the job (of the ligands that pass the results list's filters) as one zip (streamed): results.csv and results.sdf (every pose) as their own routes answer them, each ligand's stored files under ligands/<ordinal, 6 digits>/ (poses.sdf, poses.pdbqt, engine.log) and complex.pdb (the receptor with the ligand's best pose as HETATM LIG, chain L), and manifest.json last: format mad-results-zip/1, the job as GET /v1/jobs/{jobId} answers it, the receptor (id, name, format, SHA-256), the toolchain, the engine versions and agents that docked it, and files[] (path, bytes, sha256; ligandId, ordinal, file for a ligand's files) */
        get: operations["jobs-resultsZip"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{jobId}/results/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The results' plots as counts over the ligands that pass the results list's filters: the best-affinity histogram, affinity against a molecule property (x) and ligand efficiency against heavy atoms (grids of counts), the same cost at any number of ligands */
        get: operations["jobs-resultsSummary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{jobId}/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A job's state, task and ligand counts per state, progress and timestamps (wait=N: long-poll) */
        get: operations["jobs-status"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ligand-sets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The organisation's ligand sets, newest first */
        get: operations["ligandSets-list"];
        put?: never;
        /** Save a ligand set, resolved now from explicit ids, an upload or a library search (substructure, filters); a job docks it with ligandSetId */
        post: operations["ligandSets-create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ligand-sets/{ligandSetId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One ligand set: how it was made and how many ligands it holds */
        get: operations["ligandSets-get"];
        put?: never;
        post?: never;
        /** Delete a ligand set (its molecules and the jobs made from it stay) */
        delete: operations["ligandSets-delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ligand-sets/{ligandSetId}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A ligand set's ligands in order, a page at a time */
        get: operations["ligandSets-members"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who you are, in which organisation, with which permissions */
        get: operations["me-get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Members of the organisation with their roles */
        get: operations["members-list"];
        put?: never;
        /** Add a member by email with a role */
        post: operations["members-add"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/members/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a member (their API tokens for this organisation are revoked) */
        delete: operations["members-remove"];
        options?: never;
        head?: never;
        /** Change a member's role */
        patch: operations["members-setRole"];
        trace?: never;
    };
    "/v1/molecules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The organisation's molecules, newest first, filtered by kind, name, property ranges, substructure and similarity */
        get: operations["molecules-list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/molecules/{moleculeId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One molecule with its properties and, for ligands, a 2D depiction (SVG) */
        get: operations["molecules-get"];
        put?: never;
        post?: never;
        /** Delete a molecule and its files (409 while an unfinished job uses it) */
        delete: operations["molecules-delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/molecules/upload": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upload receptors or ligands (multipart files, or JSON with pasted SMILES)
         * @description Receptors: PDB, PDBQT. Ligands: SDF (many records), MOL2, PDBQT, PDB, SMILES (.smi/.csv/.tsv lists with names). Each record is analysed (RDKit, Open Babel), deduplicated within the organisation and stored. Bad records are listed in `errors` and the good ones stored, unless allOrNothing.
         */
        post: operations["molecules-upload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Golden signals from this server's metrics (API traffic, 5xx ratio, p50/p99 latency; queues; fleet), and the organisation's jobs of the last day and recent failures */
        get: operations["operations-overview"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/org": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The organisation this request runs in */
        get: operations["orgs-current"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/current/cache": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Forget every stored docking result of the organisation (the result cache); later jobs dock again */
        delete: operations["orgs-settings-clearCache"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/current/quotas": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The organisation's quotas (per job, per organisation, writes per minute) and what its active jobs use now */
        get: operations["orgs-quotas"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/current/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The organisation's settings (retention, result cache), the server defaults and what applies */
        get: operations["orgs-settings-get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change some settings (null: back to the server default); the others stay */
        patch: operations["orgs-settings-update"];
        trace?: never;
    };
    "/v1/pipelines": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The docking pipelines a job can use */
        get: operations["pipelines-list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/pipelines/{pipelineId}/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Submit a docking job (202 Accepted; 200 when every ligand was answered from the result cache); an Idempotency-Key header makes a retried request return the same job */
        post: operations["pipelines-createJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The organisation's projects, newest first, with their job and ligand set counts */
        get: operations["projects-list"];
        put?: never;
        /** Create a project: a named group of jobs and ligand sets */
        post: operations["projects-create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{projectId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One project with its job and ligand set counts (its jobs: GET /v1/jobs?projectId=) */
        get: operations["projects-get"];
        put?: never;
        post?: never;
        /** Delete a project; its jobs and ligand sets stay, ungrouped */
        delete: operations["projects-delete"];
        options?: never;
        head?: never;
        /** Rename a project or change its description */
        patch: operations["projects-update"];
        trace?: never;
    };
    "/v1/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The organisation's OpenID Connect identity providers */
        get: operations["providers-list"];
        put?: never;
        /** Register an OpenID Connect identity provider (redirect URI: <PUBLIC_URL>/auth/callback) */
        post: operations["providers-create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/providers/{providerId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change, enable or disable an identity provider */
        patch: operations["providers-update"];
        trace?: never;
    };
    "/v1/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The organisation's API tokens (never their secrets) */
        get: operations["tokens-list"];
        put?: never;
        /** Create an API token for this organisation (the secret is returned once) */
        post: operations["tokens-create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens/{tokenId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API token */
        delete: operations["tokens-revoke"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/version": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Server name and version */
        get: operations["system-version"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The organisation's webhooks, newest first (never their secrets) */
        get: operations["webhooks-list"];
        put?: never;
        /** Register a webhook told when jobs finish (the signing secret is returned once) */
        post: operations["webhooks-create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{webhookId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One webhook (never its secret) */
        get: operations["webhooks-get"];
        put?: never;
        post?: never;
        /** Delete a webhook and its delivery log (pending deliveries are not sent) */
        delete: operations["webhooks-delete"];
        options?: never;
        head?: never;
        /** Change a webhook's URL, events or description, or deactivate it */
        patch: operations["webhooks-update"];
        trace?: never;
    };
    "/v1/webhooks/{webhookId}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The webhook's delivery log, newest first: each delivery's payload, state and every attempt */
        get: operations["webhooks-deliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{webhookId}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Replace the signing secret (the new one is returned once); the previous one keeps signing too until previousSecretExpiresAt (WEBHOOK_SECRET_GRACE_SECONDS), so receivers switch without losing events */
        post: operations["webhooks-rotateSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{webhookId}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Queue a signed webhook.test delivery (no job), to check the receiver and its signature check */
        post: operations["webhooks-test"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @example {
         *       "code": "BAD_REQUEST",
         *       "message": "params.exhaustivness is not a parameter; did you mean exhaustiveness?",
         *       "field": "params.exhaustivness",
         *       "problems": [
         *         {
         *           "field": "params.exhaustivness",
         *           "reason": "is not a parameter; did you mean exhaustiveness?"
         *         }
         *       ]
         *     }
         */
        Error: {
            /**
             * @description What kind of refusal, one per HTTP status (BAD_REQUEST 400, NOT_FOUND 404, CONFLICT 409, …)
             * @enum {string}
             */
            code: "BAD_REQUEST" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "UNPROCESSABLE_CONTENT" | "TOO_MANY_REQUESTS" | "UNSUPPORTED_MEDIA_TYPE" | "METHOD_NOT_SUPPORTED" | "INTERNAL_SERVER_ERROR";
            /** @description tRPC's error data (code, httpStatus, path) with field, problems and details again */
            data?: {
                [key: string]: unknown;
            };
            /** @description Structured extras: the quota and its limit of a 429 ({ quota, limit, current, requested, retryAfterSeconds }), the per-record errors of an upload that stored nothing */
            details?: unknown;
            /** @description The request field, header or form field it is about, as a dotted path (params.exhaustiveness) */
            field?: string;
            /** @description What went wrong and where, in a sentence a person can act on */
            message: string;
            /** @description Every field the request schema refused, with the reason */
            problems?: {
                field: string;
                reason: string;
            }[];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    "agents-list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        agents: {
                            agentId: string;
                            busySlots: number;
                            cpuCores: number;
                            currentTasks: {
                                attempt: number;
                                engine: string;
                                jobId: string;
                                startedAt: string;
                                taskId: string;
                            }[];
                            engines: {
                                name: string;
                                version: string;
                            }[];
                            gpus: {
                                index: number;
                                memoryMiB: number;
                                name: string;
                            }[];
                            hostname: string;
                            lastHeartbeatAt: string;
                            obabel: string | null;
                            rdkit: string | null;
                            slots: number;
                            startedAt: string;
                            /** @enum {string} */
                            state: "running" | "draining";
                        }[];
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks agents:read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "artifacts-download": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                artifactId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Redirect to a presigned GET (lifetime ARTIFACT_LINK_SECONDS) */
            302: {
                headers: {
                    Location?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A query parameter (the route takes none; the error names it) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks molecules:read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such artifact in your organisation */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "jobs-list": {
        parameters: {
            query?: {
                createdAfter?: string;
                createdBefore?: string;
                cursor?: string;
                limit?: number;
                name?: string;
                offset?: number;
                pipeline?: "vina" | "smina" | "gnina";
                projectId?: string;
                receptorId?: string;
                search?: string;
                status?: "PENDING" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELLED";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        jobs: {
                            /** @description The best (lowest) affinity of any of its ligands so far; null: none docked yet */
                            bestAffinityKcalMol: number | null;
                            createdAt: string;
                            /** @description The job's description; null when not given */
                            description: string | null;
                            finishedAt: string | null;
                            /** Format: uuid */
                            jobId: string;
                            ligandCount: number;
                            /** @description The job's ligands by final outcome so far (the rest are pending or running) */
                            ligands: {
                                cancelled: number;
                                failed: number;
                                succeeded: number;
                            };
                            /** @description The ligand set it was created from; null: none */
                            ligandSetId: string | null;
                            /** @description What the submitter called the job; null when not given */
                            name: string | null;
                            /**
                             * @description The docking engine: vina, smina or gnina
                             * @enum {string}
                             */
                            pipeline: "vina" | "smina" | "gnina";
                            /** @description The project the job belongs to; null: none */
                            projectId: string | null;
                            /** Format: uuid */
                            receptorId: string;
                            /** @description The receptor molecule's name; null when it was deleted since */
                            receptorName: string | null;
                            /** @enum {string} */
                            status: "PENDING" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELLED";
                            taskCount: number;
                        }[];
                        /** @description Pass as cursor for the next page; null on the last page */
                        nextCursor: string | null;
                        /** @description Jobs matching the filters, over every page */
                        total: number;
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks jobs:read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description receptorId names no molecule, or projectId no project, of your organisation */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "jobs-get": {
        parameters: {
            query?: {
                wait?: number;
            };
            header?: never;
            path: {
                jobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        box: {
                            center: {
                                x: number;
                                y: number;
                                z: number;
                            };
                            size: {
                                x: number;
                                y: number;
                                z: number;
                            };
                        };
                        /** @description Ligands reused from the result cache and the jobs that computed them; null: every ligand docked by this job */
                        cache: {
                            /** @description The jobs that computed them, with how many ligands each (most first) */
                            fromJobs: {
                                /** Format: uuid */
                                jobId: string;
                                ligands: number;
                            }[];
                            /** @description Ligands answered from stored results (not docked by this job) */
                            reusedLigands: number;
                        } | null;
                        createdAt: string;
                        /** @description The job's description; null when not given */
                        description: string | null;
                        error: string | null;
                        finishedAt: string | null;
                        /** Format: uuid */
                        jobId: string;
                        ligands: {
                            CANCELLED: number;
                            FAILED: number;
                            PENDING: number;
                            RUNNING: number;
                            SUCCEEDED: number;
                            total: number;
                        };
                        /** @description The ligand set the job was created from (its members are the job’s ligands); null: none */
                        ligandSetId: string | null;
                        /** @description What the submitter called the job; null when not given */
                        name: string | null;
                        /** @description The docking parameters the job runs with (the seed chosen when left out) */
                        params: {
                            /**
                             * @description gnina only
                             * @enum {string}
                             */
                            cnnScoring?: "none" | "rescore" | "refinement" | "all";
                            /**
                             * @description CPUs of each engine process (Vina's --cpu). 'auto' (default): the agent sizes it to its cores and the ligands it holds, so a one-ligand job gets every core and a batch one single-CPU engine per core; the poses do not depend on it. Each ligand's engine log starts with the exact command.
                             * @default auto
                             */
                            cpuPerTask: "auto" | number;
                            /** @default 3 */
                            energyRange: number;
                            /** @default 8 */
                            exhaustiveness: number;
                            /** @default 9 */
                            numModes: number;
                            /** @description Fixed seed; a random one is chosen and recorded when omitted */
                            seed: number;
                        };
                        /**
                         * @description The docking engine: vina, smina or gnina
                         * @enum {string}
                         */
                        pipeline: "vina" | "smina" | "gnina";
                        progress: number;
                        /** @description The project the job belongs to; null: none */
                        projectId: string | null;
                        /** Format: uuid */
                        receptorId: string;
                        startedAt: string | null;
                        /** @enum {string} */
                        status: "PENDING" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELLED";
                        tasks: {
                            CANCELLED: number;
                            FAILED: number;
                            PENDING: number;
                            QUEUED: number;
                            RUNNING: number;
                            SUCCEEDED: number;
                            total: number;
                        };
                        updatedAt: string;
                        warnings: string[];
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks jobs:read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such resource in your organisation (the message names which) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "jobs-delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                jobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        deleted: true;
                        /** Format: uuid */
                        jobId: string;
                        /** @description The job's objects removed now; null: the bucket did not answer, the worker removes them later */
                        objectsDeleted: number | null;
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks jobs:write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such resource in your organisation (the message names which) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The job is not finished (cancel it first) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "jobs-cancel": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                jobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        jobId: string;
                        /** @enum {string} */
                        status: "PENDING" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELLED";
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks jobs:write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such resource in your organisation (the message names which) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is over REQUEST_MAX_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "jobs-compare": {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
                order?: "asc" | "desc";
                sort?: "delta" | "first" | "second" | "name";
            };
            header?: never;
            path: {
                jobId: string;
                otherJobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description What differs between the two jobs: receptor, pipeline, box, params.<name> (empty: the same set-up) */
                        differences: string[];
                        first: {
                            box: {
                                center: {
                                    x: number;
                                    y: number;
                                    z: number;
                                };
                                size: {
                                    x: number;
                                    y: number;
                                    z: number;
                                };
                            };
                            /** Format: uuid */
                            jobId: string;
                            ligandCount: number;
                            name: string | null;
                            params: {
                                /**
                                 * @description gnina only
                                 * @enum {string}
                                 */
                                cnnScoring?: "none" | "rescore" | "refinement" | "all";
                                /**
                                 * @description CPUs of each engine process (Vina's --cpu). 'auto' (default): the agent sizes it to its cores and the ligands it holds, so a one-ligand job gets every core and a batch one single-CPU engine per core; the poses do not depend on it. Each ligand's engine log starts with the exact command.
                                 * @default auto
                                 */
                                cpuPerTask: "auto" | number;
                                /** @default 3 */
                                energyRange: number;
                                /** @default 8 */
                                exhaustiveness: number;
                                /** @default 9 */
                                numModes: number;
                                /** @description Fixed seed; a random one is chosen and recorded when omitted */
                                seed: number;
                            };
                            /**
                             * @description The docking engine: vina, smina or gnina
                             * @enum {string}
                             */
                            pipeline: "vina" | "smina" | "gnina";
                            /** Format: uuid */
                            receptorId: string;
                            /** @description null when the receptor was deleted since */
                            receptorName: string | null;
                            /** @enum {string} */
                            status: "PENDING" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELLED";
                        };
                        ligands: {
                            /** @description second − first best affinity (kcal/mol; negative: better in the second); null unless both docked */
                            deltaKcalMol: number | null;
                            first: {
                                bestAffinityKcalMol: number | null;
                                ligandId: string;
                                status: string;
                            };
                            /** Format: uuid */
                            moleculeId: string;
                            name: string;
                            second: {
                                bestAffinityKcalMol: number | null;
                                ligandId: string;
                                status: string;
                            };
                        }[];
                        limit: number;
                        /** @description Ligands (molecules) docked by both jobs */
                        matched: number;
                        offset: number;
                        /** @description Ligands of the first job the second does not have (inline SMILES included) */
                        onlyFirst: number;
                        /** @description Ligands of the second job the first does not have (inline SMILES included) */
                        onlySecond: number;
                        second: {
                            box: {
                                center: {
                                    x: number;
                                    y: number;
                                    z: number;
                                };
                                size: {
                                    x: number;
                                    y: number;
                                    z: number;
                                };
                            };
                            /** Format: uuid */
                            jobId: string;
                            ligandCount: number;
                            name: string | null;
                            params: {
                                /**
                                 * @description gnina only
                                 * @enum {string}
                                 */
                                cnnScoring?: "none" | "rescore" | "refinement" | "all";
                                /**
                                 * @description CPUs of each engine process (Vina's --cpu). 'auto' (default): the agent sizes it to its cores and the ligands it holds, so a one-ligand job gets every core and a batch one single-CPU engine per core; the poses do not depend on it. Each ligand's engine log starts with the exact command.
                                 * @default auto
                                 */
                                cpuPerTask: "auto" | number;
                                /** @default 3 */
                                energyRange: number;
                                /** @default 8 */
                                exhaustiveness: number;
                                /** @default 9 */
                                numModes: number;
                                /** @description Fixed seed; a random one is chosen and recorded when omitted */
                                seed: number;
                            };
                            /**
                             * @description The docking engine: vina, smina or gnina
                             * @enum {string}
                             */
                            pipeline: "vina" | "smina" | "gnina";
                            /** Format: uuid */
                            receptorId: string;
                            /** @description null when the receptor was deleted since */
                            receptorName: string | null;
                            /** @enum {string} */
                            status: "PENDING" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELLED";
                        };
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks jobs:read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such resource in your organisation (the message names which) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "jobs-events": {
        parameters: {
            query?: {
                afterId?: number;
                beforeId?: number;
                limit?: number;
            };
            header?: never;
            path: {
                jobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        events: {
                            agentId: string | null;
                            at: string;
                            attempt: number | null;
                            id: number;
                            kind: string;
                            ligandId: string | null;
                            message: string | null;
                            progress: number | null;
                            taskId: string | null;
                        }[];
                        nextAfterId: number;
                    };
                    "text/event-stream": string;
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks jobs:read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such resource in your organisation (the message names which) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "jobs-ligand": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                jobId: string;
                ligandId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        bestAffinityKcalMol: number | null;
                        /** @description How far to trust the top pose, 0..1: from the score gap to the best different pose and how many poses agree with the top one (gnina: its CNNscore); see DOCKING_SCIENCE.md "Confidence". null: not docked */
                        confidenceScore: number | null;
                        error: {
                            reason: string;
                            stage: string | null;
                        } | null;
                        /** @description Download links (null when the file does not exist): paths on this server, e.g. /api/v1/jobs/{jobId}/ligands/{ligandId}/poses.sdf, that check access like every route and answer 302 to a short-lived presigned URL. They do not expire. */
                        files: {
                            log: string | null;
                            posesPdbqt: string | null;
                            posesSdf: string | null;
                        };
                        ligandId: string;
                        moleculeId: string | null;
                        name: string;
                        notes: string[];
                        ordinal: number;
                        poses: {
                            affinityKcalMol: number;
                            cnnAffinity: number | null;
                            cnnScore: number | null;
                            cnnVs: number | null;
                            /** @description What profiled the pose: PLIP and its version */
                            interactionProfiler: {
                                /** @constant */
                                name: "plip";
                                version: string;
                            } | null;
                            /** @description The protein–ligand interactions PLIP found in this pose (DOCKING_SCIENCE.md "Interactions"); [] profiled and none found; null not profiled (interactionsReason says why) */
                            interactions: {
                                angle: number | null;
                                detail: string | null;
                                distance: number;
                                ligandAtoms: {
                                    index: number;
                                    name: string;
                                }[];
                                ligandPoint: {
                                    x: number;
                                    y: number;
                                    z: number;
                                };
                                proteinAtoms: {
                                    name: string;
                                    serial: number;
                                }[];
                                proteinPoint: {
                                    x: number;
                                    y: number;
                                    z: number;
                                };
                                residue: {
                                    chain: string;
                                    name: string;
                                    number: number;
                                };
                                /** @enum {string} */
                                type: "hydrogen_bond" | "salt_bridge" | "hydrophobic" | "pi_stacking" | "pi_cation" | "halogen_bond" | "metal_complex" | "water_bridge";
                            }[] | null;
                            /** @description Why interactions is null (null when profiled) */
                            interactionsReason: string | null;
                            rank: number;
                            rmsdLowerBound: number | null;
                            rmsdUpperBound: number | null;
                            /**
                             * @description The validity checks of the pose (ligand: of its best pose, rank 1), DOCKING_SCIENCE.md "Pose validity": valid when it fails none; failed names the failed checks (outside_box, no_receptor_contact, steric_clash, bond_lengths, no_favourable_score). A ligand whose best pose fails is flagged, not a plain success. null: not checked (a failed ligand, or a result from an agent older than the checks)
                             * @example {
                             *       "valid": false,
                             *       "failed": [
                             *         "no_receptor_contact",
                             *         "no_favourable_score"
                             *       ]
                             *     }
                             */
                            validity: {
                                failed: string[];
                                valid: boolean;
                            } | null;
                        }[];
                        /** @description The uploaded molecule's descriptors (RDKit, at upload) and its Lipinski/Veber flags; null for an inline SMILES (no stored molecule). The same values the property filters and sorts read */
                        properties: {
                            /** @description The uploaded molecule's canonical SMILES (RDKit) */
                            canonicalSmiles: string | null;
                            clogP: number | null;
                            formalCharge: number | null;
                            hba: number | null;
                            hbd: number | null;
                            heavyAtoms: number | null;
                            /** @description Passes Lipinski's rule of five: at most one of MW > 500, cLogP > 5, HBD > 5, HBA > 10 */
                            lipinski: boolean | null;
                            molecularWeight: number | null;
                            rotatableBonds: number | null;
                            tpsa: number | null;
                            /** @description Passes Veber's rule: rotatable bonds <= 10 and TPSA <= 140 Å² */
                            veber: boolean | null;
                        } | null;
                        /** @description What ran: engine and version, preparation version, seed, signature, which job and agent docked it */
                        provenance: {
                            agentId: string | null;
                            /** @description true: reused from a stored result, not docked by this job */
                            cacheHit: boolean;
                            /**
                             * Format: uuid
                             * @description The job that docked it (this job, or the one it was reused from)
                             */
                            computedByJobId: string;
                            engine: string;
                            engineVersion: string | null;
                            /** @description What found the best pose's interactions ('plip 2.2.2'); null when it was not profiled */
                            interactionProfiler: string | null;
                            preparationVersion: string | null;
                            seed: number;
                            /** @description The result signature (DOCKING_SCIENCE.md "Result signatures") */
                            signature: string | null;
                        };
                        smiles: string | null;
                        status: string;
                        /**
                         * @description The validity checks of the pose (ligand: of its best pose, rank 1), DOCKING_SCIENCE.md "Pose validity": valid when it fails none; failed names the failed checks (outside_box, no_receptor_contact, steric_clash, bond_lengths, no_favourable_score). A ligand whose best pose fails is flagged, not a plain success. null: not checked (a failed ligand, or a result from an agent older than the checks)
                         * @example {
                         *       "valid": false,
                         *       "failed": [
                         *         "no_receptor_contact",
                         *         "no_favourable_score"
                         *       ]
                         *     }
                         */
                        validity: {
                            failed: string[];
                            valid: boolean;
                        } | null;
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks jobs:read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such resource in your organisation (the message names which) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "jobs-ligandFile": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                file: "poses.sdf" | "poses.pdbqt" | "engine.log";
                jobId: string;
                ligandId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Location: the presigned URL of the file */
            302: {
                headers: {
                    /** @description The short-lived presigned URL to follow */
                    Location?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not one of the file names, or a query parameter (the error names it) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks jobs:read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such job in your organisation, no such ligand, or no such file (yet) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "jobs-logs": {
        parameters: {
            query?: {
                ligandId?: string;
                taskId?: string;
            };
            header?: never;
            path: {
                jobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Location: the presigned log URL */
            302: {
                headers: {
                    /** @description The short-lived presigned URL to follow */
                    Location?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks jobs:read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such job in your organisation, or no log yet */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "jobs-results": {
        parameters: {
            query?: {
                affinityMax?: number;
                affinityMin?: number;
                clogPMax?: number;
                clogPMin?: number;
                confidenceMin?: number;
                cursor?: string;
                formalChargeMax?: number;
                formalChargeMin?: number;
                hbaMax?: number;
                hbaMin?: number;
                hbdMax?: number;
                hbdMin?: number;
                heavyAtomsMax?: number;
                heavyAtomsMin?: number;
                /**
                 * @description Only ligands whose best pose has an interaction of this kind; with interactsWith, that kind with that residue ('H-bond to MET318': interactsWith=MET318&interactionType=hydrogen_bond)
                 * @example hydrogen_bond
                 */
                interactionType?: "hydrogen_bond" | "salt_bridge" | "hydrophobic" | "pi_stacking" | "pi_cation" | "halogen_bond" | "metal_complex" | "water_bridge";
                /**
                 * @description Only ligands whose best pose (rank 1) interacts with this receptor residue (PLIP): residue name and number, optionally the chain first ('A:MET318'); a value of another form is a 400 naming interactsWith
                 * @example MET318
                 */
                interactsWith?: string;
                ligandEfficiencyMax?: number;
                ligandEfficiencyMin?: number;
                limit?: number;
                lipinski?: "true" | "false";
                molecularWeightMax?: number;
                molecularWeightMin?: number;
                offset?: number;
                order?: "asc" | "desc";
                ordinals?: string;
                rotatableBondsMax?: number;
                rotatableBondsMin?: number;
                sort?: "affinity" | "ordinal" | "name" | "confidence" | "ligandEfficiency" | "molecularWeight" | "heavyAtoms" | "clogP" | "hbd" | "hba" | "tpsa" | "rotatableBonds";
                status?: "PENDING" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED";
                tpsaMax?: number;
                tpsaMin?: number;
                valid?: "true" | "false";
                veber?: "true" | "false";
            };
            header?: never;
            path: {
                jobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        jobId: string;
                        ligands: {
                            bestAffinityKcalMol: number | null;
                            /** @description How far to trust the top pose, 0..1: from the score gap to the best different pose and how many poses agree with the top one (gnina: its CNNscore); see DOCKING_SCIENCE.md "Confidence". null: not docked */
                            confidenceScore: number | null;
                            error: {
                                reason: string;
                                stage: string | null;
                            } | null;
                            /** @description Download links (null when the file does not exist): paths on this server, e.g. /api/v1/jobs/{jobId}/ligands/{ligandId}/poses.sdf, that check access like every route and answer 302 to a short-lived presigned URL. They do not expire. */
                            files: {
                                log: string | null;
                                posesPdbqt: string | null;
                                posesSdf: string | null;
                            };
                            ligandId: string;
                            moleculeId: string | null;
                            name: string;
                            notes: string[];
                            ordinal: number;
                            poses: {
                                affinityKcalMol: number;
                                cnnAffinity: number | null;
                                cnnScore: number | null;
                                cnnVs: number | null;
                                /** @description What profiled the pose: PLIP and its version */
                                interactionProfiler: {
                                    /** @constant */
                                    name: "plip";
                                    version: string;
                                } | null;
                                /** @description The protein–ligand interactions PLIP found in this pose (DOCKING_SCIENCE.md "Interactions"); [] profiled and none found; null not profiled (interactionsReason says why) */
                                interactions: {
                                    angle: number | null;
                                    detail: string | null;
                                    distance: number;
                                    ligandAtoms: {
                                        index: number;
                                        name: string;
                                    }[];
                                    ligandPoint: {
                                        x: number;
                                        y: number;
                                        z: number;
                                    };
                                    proteinAtoms: {
                                        name: string;
                                        serial: number;
                                    }[];
                                    proteinPoint: {
                                        x: number;
                                        y: number;
                                        z: number;
                                    };
                                    residue: {
                                        chain: string;
                                        name: string;
                                        number: number;
                                    };
                                    /** @enum {string} */
                                    type: "hydrogen_bond" | "salt_bridge" | "hydrophobic" | "pi_stacking" | "pi_cation" | "halogen_bond" | "metal_complex" | "water_bridge";
                                }[] | null;
                                /** @description Why interactions is null (null when profiled) */
                                interactionsReason: string | null;
                                rank: number;
                                rmsdLowerBound: number | null;
                                rmsdUpperBound: number | null;
                                /**
                                 * @description The validity checks of the pose (ligand: of its best pose, rank 1), DOCKING_SCIENCE.md "Pose validity": valid when it fails none; failed names the failed checks (outside_box, no_receptor_contact, steric_clash, bond_lengths, no_favourable_score). A ligand whose best pose fails is flagged, not a plain success. null: not checked (a failed ligand, or a result from an agent older than the checks)
                                 * @example {
                                 *       "valid": false,
                                 *       "failed": [
                                 *         "no_receptor_contact",
                                 *         "no_favourable_score"
                                 *       ]
                                 *     }
                                 */
                                validity: {
                                    failed: string[];
                                    valid: boolean;
                                } | null;
                            }[];
                            /** @description The uploaded molecule's descriptors (RDKit, at upload) and its Lipinski/Veber flags; null for an inline SMILES (no stored molecule). The same values the property filters and sorts read */
                            properties: {
                                /** @description The uploaded molecule's canonical SMILES (RDKit) */
                                canonicalSmiles: string | null;
                                clogP: number | null;
                                formalCharge: number | null;
                                hba: number | null;
                                hbd: number | null;
                                heavyAtoms: number | null;
                                /** @description Passes Lipinski's rule of five: at most one of MW > 500, cLogP > 5, HBD > 5, HBA > 10 */
                                lipinski: boolean | null;
                                molecularWeight: number | null;
                                rotatableBonds: number | null;
                                tpsa: number | null;
                                /** @description Passes Veber's rule: rotatable bonds <= 10 and TPSA <= 140 Å² */
                                veber: boolean | null;
                            } | null;
                            /** @description What ran: engine and version, preparation version, seed, signature, which job and agent docked it */
                            provenance: {
                                agentId: string | null;
                                /** @description true: reused from a stored result, not docked by this job */
                                cacheHit: boolean;
                                /**
                                 * Format: uuid
                                 * @description The job that docked it (this job, or the one it was reused from)
                                 */
                                computedByJobId: string;
                                engine: string;
                                engineVersion: string | null;
                                /** @description What found the best pose's interactions ('plip 2.2.2'); null when it was not profiled */
                                interactionProfiler: string | null;
                                preparationVersion: string | null;
                                seed: number;
                                /** @description The result signature (DOCKING_SCIENCE.md "Result signatures") */
                                signature: string | null;
                            };
                            smiles: string | null;
                            status: string;
                            /**
                             * @description The validity checks of the pose (ligand: of its best pose, rank 1), DOCKING_SCIENCE.md "Pose validity": valid when it fails none; failed names the failed checks (outside_box, no_receptor_contact, steric_clash, bond_lengths, no_favourable_score). A ligand whose best pose fails is flagged, not a plain success. null: not checked (a failed ligand, or a result from an agent older than the checks)
                             * @example {
                             *       "valid": false,
                             *       "failed": [
                             *         "no_receptor_contact",
                             *         "no_favourable_score"
                             *       ]
                             *     }
                             */
                            validity: {
                                failed: string[];
                                valid: boolean;
                            } | null;
                        }[];
                        limit: number;
                        /** @description Pass as cursor for the next page; null on the last page */
                        nextCursor: string | null;
                        offset: number;
                        /** @enum {string} */
                        status: "PENDING" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELLED";
                        /** @description Ligands of the job that match the status and every range filter */
                        total: number;
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks jobs:read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such resource in your organisation (the message names which) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "jobs-resultsCsv": {
        parameters: {
            query?: {
                /** @description Best affinity at most this, kcal/mol (e.g. -8: the strong binders) */
                affinityMax?: number;
                /** @description Best affinity at least this, kcal/mol (e.g. -12) */
                affinityMin?: number;
                /** @description Crippen cLogP of the uploaded molecule at most this (inclusive) */
                clogPMax?: number;
                /** @description Crippen cLogP of the uploaded molecule at least this (inclusive) */
                clogPMin?: number;
                /** @description Confidence score at least this (0-1) */
                confidenceMin?: number;
                /** @description Net formal charge of the uploaded molecule at most this (inclusive) */
                formalChargeMax?: number;
                /** @description Net formal charge of the uploaded molecule at least this (inclusive) */
                formalChargeMin?: number;
                /** @description Hydrogen-bond acceptors of the uploaded molecule at most this (inclusive) */
                hbaMax?: number;
                /** @description Hydrogen-bond acceptors of the uploaded molecule at least this (inclusive) */
                hbaMin?: number;
                /** @description Hydrogen-bond donors of the uploaded molecule at most this (inclusive) */
                hbdMax?: number;
                /** @description Hydrogen-bond donors of the uploaded molecule at least this (inclusive) */
                hbdMin?: number;
                /** @description Heavy atoms of the uploaded molecule at most this (inclusive) */
                heavyAtomsMax?: number;
                /** @description Heavy atoms of the uploaded molecule at least this (inclusive) */
                heavyAtomsMin?: number;
                /** @description Only ligands whose best pose has an interaction of this kind (with interactsWith: with that residue) */
                interactionType?: "hydrogen_bond" | "salt_bridge" | "hydrophobic" | "pi_stacking" | "pi_cation" | "halogen_bond" | "metal_complex" | "water_bridge";
                /** @description Only ligands whose best pose (rank 1) interacts with this receptor residue (PLIP, DOCKING_SCIENCE.md "Interactions"): residue name and number, optionally the chain first ('A:MET318'); with interactionType, that kind only */
                interactsWith?: string;
                /** @description Ligand efficiency at most this */
                ligandEfficiencyMax?: number;
                /** @description Ligand efficiency (-best affinity / heavy atoms, kcal/mol per heavy atom) at least this */
                ligandEfficiencyMin?: number;
                /** @description Only ligands whose molecule passes (true) or fails (false) Lipinski's rule of five (at most one of MW > 500, cLogP > 5, HBD > 5, HBA > 10); ligands without stored properties match neither */
                lipinski?: "true" | "false";
                /** @description Molecular weight of the neutral parent, g/mol of the uploaded molecule at most this (inclusive) */
                molecularWeightMax?: number;
                /** @description Molecular weight of the neutral parent, g/mol of the uploaded molecule at least this (inclusive) */
                molecularWeightMin?: number;
                /** @description Only these ligands, by their ordinal in the job (the list's and the CSV's ordinal), comma-separated, at most 1000: a selection, e.g. the poses to export */
                ordinals?: string;
                /** @description Rotatable bonds of the uploaded molecule at most this (inclusive) */
                rotatableBondsMax?: number;
                /** @description Rotatable bonds of the uploaded molecule at least this (inclusive) */
                rotatableBondsMin?: number;
                /** @description only ligands with this status (as GET /api/v1/jobs/{jobId}/results) */
                status?: "PENDING" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED";
                /** @description Topological polar surface area, Å² of the uploaded molecule at most this (inclusive) */
                tpsaMax?: number;
                /** @description Topological polar surface area, Å² of the uploaded molecule at least this (inclusive) */
                tpsaMin?: number;
                /** @description Only ligands whose best pose passes (true) or fails (false: the flagged ones) the validity checks (DOCKING_SCIENCE.md "Pose validity"); ligands not checked (failed, or docked by an agent older than the checks) match neither */
                valid?: "true" | "false";
                /** @description Only ligands whose molecule passes (true) or fails (false) Veber's rule (rotatable bonds <= 10 and TPSA <= 140 Å²); ligands without stored properties match neither */
                veber?: "true" | "false";
            };
            header?: never;
            path: {
                jobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The CSV */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description An unknown query parameter (the error names it), a filter of the wrong type or a minimum above its maximum */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller lacks the permission jobs:read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such job in your organisation */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "jobs-resultsSdf": {
        parameters: {
            query?: {
                /** @description Best affinity at most this, kcal/mol (e.g. -8: the strong binders) */
                affinityMax?: number;
                /** @description Best affinity at least this, kcal/mol (e.g. -12) */
                affinityMin?: number;
                /** @description Crippen cLogP of the uploaded molecule at most this (inclusive) */
                clogPMax?: number;
                /** @description Crippen cLogP of the uploaded molecule at least this (inclusive) */
                clogPMin?: number;
                /** @description Confidence score at least this (0-1) */
                confidenceMin?: number;
                /** @description Net formal charge of the uploaded molecule at most this (inclusive) */
                formalChargeMax?: number;
                /** @description Net formal charge of the uploaded molecule at least this (inclusive) */
                formalChargeMin?: number;
                /** @description Hydrogen-bond acceptors of the uploaded molecule at most this (inclusive) */
                hbaMax?: number;
                /** @description Hydrogen-bond acceptors of the uploaded molecule at least this (inclusive) */
                hbaMin?: number;
                /** @description Hydrogen-bond donors of the uploaded molecule at most this (inclusive) */
                hbdMax?: number;
                /** @description Hydrogen-bond donors of the uploaded molecule at least this (inclusive) */
                hbdMin?: number;
                /** @description Heavy atoms of the uploaded molecule at most this (inclusive) */
                heavyAtomsMax?: number;
                /** @description Heavy atoms of the uploaded molecule at least this (inclusive) */
                heavyAtomsMin?: number;
                /** @description Only ligands whose best pose has an interaction of this kind (with interactsWith: with that residue) */
                interactionType?: "hydrogen_bond" | "salt_bridge" | "hydrophobic" | "pi_stacking" | "pi_cation" | "halogen_bond" | "metal_complex" | "water_bridge";
                /** @description Only ligands whose best pose (rank 1) interacts with this receptor residue (PLIP, DOCKING_SCIENCE.md "Interactions"): residue name and number, optionally the chain first ('A:MET318'); with interactionType, that kind only */
                interactsWith?: string;
                /** @description Ligand efficiency at most this */
                ligandEfficiencyMax?: number;
                /** @description Ligand efficiency (-best affinity / heavy atoms, kcal/mol per heavy atom) at least this */
                ligandEfficiencyMin?: number;
                /** @description Only ligands whose molecule passes (true) or fails (false) Lipinski's rule of five (at most one of MW > 500, cLogP > 5, HBD > 5, HBA > 10); ligands without stored properties match neither */
                lipinski?: "true" | "false";
                /** @description Molecular weight of the neutral parent, g/mol of the uploaded molecule at most this (inclusive) */
                molecularWeightMax?: number;
                /** @description Molecular weight of the neutral parent, g/mol of the uploaded molecule at least this (inclusive) */
                molecularWeightMin?: number;
                /** @description Only these ligands, by their ordinal in the job (the list's and the CSV's ordinal), comma-separated, at most 1000: a selection, e.g. the poses to export */
                ordinals?: string;
                /** @description all: every pose of each ligand; top: each ligand's best pose (rank 1) */
                poses?: "all" | "top";
                /** @description Rotatable bonds of the uploaded molecule at most this (inclusive) */
                rotatableBondsMax?: number;
                /** @description Rotatable bonds of the uploaded molecule at least this (inclusive) */
                rotatableBondsMin?: number;
                /** @description only ligands with this status (as GET /api/v1/jobs/{jobId}/results) */
                status?: "PENDING" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED";
                /** @description Topological polar surface area, Å² of the uploaded molecule at most this (inclusive) */
                tpsaMax?: number;
                /** @description Topological polar surface area, Å² of the uploaded molecule at least this (inclusive) */
                tpsaMin?: number;
                /** @description Only ligands whose best pose passes (true) or fails (false: the flagged ones) the validity checks (DOCKING_SCIENCE.md "Pose validity"); ligands not checked (failed, or docked by an agent older than the checks) match neither */
                valid?: "true" | "false";
                /** @description Only ligands whose molecule passes (true) or fails (false) Veber's rule (rotatable bonds <= 10 and TPSA <= 140 Å²); ligands without stored properties match neither */
                veber?: "true" | "false";
            };
            header?: never;
            path: {
                jobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The SD file */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "chemical/x-mdl-sdfile": string;
                };
            };
            /** @description poses is not all or top, an unknown query parameter (the error names it), a filter of the wrong type or a minimum above its maximum */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller lacks the permission jobs:read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such job in your organisation */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "jobs-resultsZip": {
        parameters: {
            query?: {
                /** @description Best affinity at most this, kcal/mol (e.g. -8: the strong binders) */
                affinityMax?: number;
                /** @description Best affinity at least this, kcal/mol (e.g. -12) */
                affinityMin?: number;
                /** @description Crippen cLogP of the uploaded molecule at most this (inclusive) */
                clogPMax?: number;
                /** @description Crippen cLogP of the uploaded molecule at least this (inclusive) */
                clogPMin?: number;
                /** @description Confidence score at least this (0-1) */
                confidenceMin?: number;
                /** @description Net formal charge of the uploaded molecule at most this (inclusive) */
                formalChargeMax?: number;
                /** @description Net formal charge of the uploaded molecule at least this (inclusive) */
                formalChargeMin?: number;
                /** @description Hydrogen-bond acceptors of the uploaded molecule at most this (inclusive) */
                hbaMax?: number;
                /** @description Hydrogen-bond acceptors of the uploaded molecule at least this (inclusive) */
                hbaMin?: number;
                /** @description Hydrogen-bond donors of the uploaded molecule at most this (inclusive) */
                hbdMax?: number;
                /** @description Hydrogen-bond donors of the uploaded molecule at least this (inclusive) */
                hbdMin?: number;
                /** @description Heavy atoms of the uploaded molecule at most this (inclusive) */
                heavyAtomsMax?: number;
                /** @description Heavy atoms of the uploaded molecule at least this (inclusive) */
                heavyAtomsMin?: number;
                /** @description Only ligands whose best pose has an interaction of this kind (with interactsWith: with that residue) */
                interactionType?: "hydrogen_bond" | "salt_bridge" | "hydrophobic" | "pi_stacking" | "pi_cation" | "halogen_bond" | "metal_complex" | "water_bridge";
                /** @description Only ligands whose best pose (rank 1) interacts with this receptor residue (PLIP, DOCKING_SCIENCE.md "Interactions"): residue name and number, optionally the chain first ('A:MET318'); with interactionType, that kind only */
                interactsWith?: string;
                /** @description Ligand efficiency at most this */
                ligandEfficiencyMax?: number;
                /** @description Ligand efficiency (-best affinity / heavy atoms, kcal/mol per heavy atom) at least this */
                ligandEfficiencyMin?: number;
                /** @description Only ligands whose molecule passes (true) or fails (false) Lipinski's rule of five (at most one of MW > 500, cLogP > 5, HBD > 5, HBA > 10); ligands without stored properties match neither */
                lipinski?: "true" | "false";
                /** @description Molecular weight of the neutral parent, g/mol of the uploaded molecule at most this (inclusive) */
                molecularWeightMax?: number;
                /** @description Molecular weight of the neutral parent, g/mol of the uploaded molecule at least this (inclusive) */
                molecularWeightMin?: number;
                /** @description Only these ligands, by their ordinal in the job (the list's and the CSV's ordinal), comma-separated, at most 1000: a selection, e.g. the poses to export */
                ordinals?: string;
                /** @description Rotatable bonds of the uploaded molecule at most this (inclusive) */
                rotatableBondsMax?: number;
                /** @description Rotatable bonds of the uploaded molecule at least this (inclusive) */
                rotatableBondsMin?: number;
                /** @description only ligands with this status (as GET /api/v1/jobs/{jobId}/results) */
                status?: "PENDING" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED";
                /** @description Topological polar surface area, Å² of the uploaded molecule at most this (inclusive) */
                tpsaMax?: number;
                /** @description Topological polar surface area, Å² of the uploaded molecule at least this (inclusive) */
                tpsaMin?: number;
                /** @description Only ligands whose best pose passes (true) or fails (false: the flagged ones) the validity checks (DOCKING_SCIENCE.md "Pose validity"); ligands not checked (failed, or docked by an agent older than the checks) match neither */
                valid?: "true" | "false";
                /** @description Only ligands whose molecule passes (true) or fails (false) Veber's rule (rotatable bonds <= 10 and TPSA <= 140 Å²); ligands without stored properties match neither */
                veber?: "true" | "false";
            };
            header?: never;
            path: {
                jobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The zip */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/zip": string;
                };
            };
            /** @description An unknown query parameter (the error names it), a filter of the wrong type or a minimum above its maximum */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller lacks the permission jobs:read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such job in your organisation */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "jobs-resultsSummary": {
        parameters: {
            query?: {
                affinityMax?: number;
                affinityMin?: number;
                clogPMax?: number;
                clogPMin?: number;
                confidenceMin?: number;
                formalChargeMax?: number;
                formalChargeMin?: number;
                hbaMax?: number;
                hbaMin?: number;
                hbdMax?: number;
                hbdMin?: number;
                heavyAtomsMax?: number;
                heavyAtomsMin?: number;
                interactionType?: "hydrogen_bond" | "salt_bridge" | "hydrophobic" | "pi_stacking" | "pi_cation" | "halogen_bond" | "metal_complex" | "water_bridge";
                interactsWith?: string;
                ligandEfficiencyMax?: number;
                ligandEfficiencyMin?: number;
                lipinski?: "true" | "false";
                molecularWeightMax?: number;
                molecularWeightMin?: number;
                ordinals?: string;
                rotatableBondsMax?: number;
                rotatableBondsMin?: number;
                status?: "PENDING" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED";
                tpsaMax?: number;
                tpsaMin?: number;
                valid?: "true" | "false";
                veber?: "true" | "false";
                x?: "molecularWeight" | "heavyAtoms" | "clogP" | "hbd" | "hba" | "tpsa" | "rotatableBonds";
            };
            header?: never;
            path: {
                jobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The best-affinity histogram, kcal/mol; null when no ligand has one */
                        affinity: {
                            /** @description Ligands per bin, bins of equal width from min to max */
                            counts: number[];
                            max: number;
                            min: number;
                        } | null;
                        /** @description Best affinity (y) against the property `x` (x); null when no ligand has both */
                        affinityVsProperty: {
                            /** @description Cells per axis: cell i covers min + i*(max-min)/bins up to the next */
                            bins: number;
                            /** @description [x cell, y cell, ligands] for every cell with at least one ligand */
                            cells: [
                                number,
                                number,
                                number
                            ][];
                            /** @description The axis range: the smallest and largest value */
                            x: {
                                max: number;
                                min: number;
                            };
                            /** @description The axis range: the smallest and largest value */
                            y: {
                                max: number;
                                min: number;
                            };
                        } | null;
                        /** @description Ligands that pass the filters and have an affinity (what the plots count) */
                        docked: number;
                        /** @description Ligand efficiency (-affinity / heavy atoms, y) against heavy atoms (x); null when no ligand has both */
                        efficiencyVsHeavyAtoms: {
                            /** @description Cells per axis: cell i covers min + i*(max-min)/bins up to the next */
                            bins: number;
                            /** @description [x cell, y cell, ligands] for every cell with at least one ligand */
                            cells: [
                                number,
                                number,
                                number
                            ][];
                            /** @description The axis range: the smallest and largest value */
                            x: {
                                max: number;
                                min: number;
                            };
                            /** @description The axis range: the smallest and largest value */
                            y: {
                                max: number;
                                min: number;
                            };
                        } | null;
                        /** Format: uuid */
                        jobId: string;
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks jobs:read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such resource in your organisation (the message names which) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "jobs-status": {
        parameters: {
            query?: {
                wait?: number;
            };
            header?: never;
            path: {
                jobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        box: {
                            center: {
                                x: number;
                                y: number;
                                z: number;
                            };
                            size: {
                                x: number;
                                y: number;
                                z: number;
                            };
                        };
                        /** @description Ligands reused from the result cache and the jobs that computed them; null: every ligand docked by this job */
                        cache: {
                            /** @description The jobs that computed them, with how many ligands each (most first) */
                            fromJobs: {
                                /** Format: uuid */
                                jobId: string;
                                ligands: number;
                            }[];
                            /** @description Ligands answered from stored results (not docked by this job) */
                            reusedLigands: number;
                        } | null;
                        createdAt: string;
                        /** @description The job's description; null when not given */
                        description: string | null;
                        error: string | null;
                        finishedAt: string | null;
                        /** Format: uuid */
                        jobId: string;
                        ligands: {
                            CANCELLED: number;
                            FAILED: number;
                            PENDING: number;
                            RUNNING: number;
                            SUCCEEDED: number;
                            total: number;
                        };
                        /** @description The ligand set the job was created from (its members are the job’s ligands); null: none */
                        ligandSetId: string | null;
                        /** @description What the submitter called the job; null when not given */
                        name: string | null;
                        /** @description The docking parameters the job runs with (the seed chosen when left out) */
                        params: {
                            /**
                             * @description gnina only
                             * @enum {string}
                             */
                            cnnScoring?: "none" | "rescore" | "refinement" | "all";
                            /**
                             * @description CPUs of each engine process (Vina's --cpu). 'auto' (default): the agent sizes it to its cores and the ligands it holds, so a one-ligand job gets every core and a batch one single-CPU engine per core; the poses do not depend on it. Each ligand's engine log starts with the exact command.
                             * @default auto
                             */
                            cpuPerTask: "auto" | number;
                            /** @default 3 */
                            energyRange: number;
                            /** @default 8 */
                            exhaustiveness: number;
                            /** @default 9 */
                            numModes: number;
                            /** @description Fixed seed; a random one is chosen and recorded when omitted */
                            seed: number;
                        };
                        /**
                         * @description The docking engine: vina, smina or gnina
                         * @enum {string}
                         */
                        pipeline: "vina" | "smina" | "gnina";
                        progress: number;
                        /** @description The project the job belongs to; null: none */
                        projectId: string | null;
                        /** Format: uuid */
                        receptorId: string;
                        startedAt: string | null;
                        /** @enum {string} */
                        status: "PENDING" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELLED";
                        tasks: {
                            CANCELLED: number;
                            FAILED: number;
                            PENDING: number;
                            QUEUED: number;
                            RUNNING: number;
                            SUCCEEDED: number;
                            total: number;
                        };
                        updatedAt: string;
                        warnings: string[];
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks jobs:read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such resource in your organisation (the message names which) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "ligandSets-list": {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                projectId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        ligandSets: {
                            createdAt: string;
                            createdBy: string | null;
                            /** @description How the set was made (a search as given) */
                            definition: {
                                /** @constant */
                                kind: "ids";
                            } | {
                                files: string[];
                                /** @constant */
                                kind: "upload";
                            } | {
                                filter: {
                                    [key: string]: unknown;
                                };
                                /** @constant */
                                kind: "search";
                            };
                            description: string;
                            /** Format: uuid */
                            id: string;
                            /** @description Members now */
                            ligandCount: number;
                            name: string;
                            projectId: string | null;
                            /** @description Members when it was made (more than ligandCount: molecules deleted since; a job from it is refused) */
                            resolvedCount: number;
                        }[];
                        /** @description Pass as cursor for the next page; null on the last page */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks molecules:read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description projectId names no project of your organisation */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "ligandSets-create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "pyridines",
                 *       "source": {
                 *         "kind": "search",
                 *         "filter": {
                 *           "substructure": "c1ccncc1",
                 *           "molecularWeightMax": 600
                 *         }
                 *       }
                 *     }
                 */
                "application/json": {
                    /** @description Notes (at most 2,000 characters) */
                    description?: string;
                    /** @description What you call the set (1–200 characters) */
                    name: string;
                    /**
                     * Format: uuid
                     * @description The project it belongs to
                     */
                    projectId?: string;
                    source: {
                        /** @constant */
                        kind: "ids";
                        /** @description The ligands, in this order */
                        moleculeIds: string[];
                    } | {
                        /** @description The uploaded file names, recorded */
                        files: string[];
                        /** @constant */
                        kind: "upload";
                        /** @description The upload answer's molecule ids (deduplicated ones included) */
                        moleculeIds: string[];
                    } | {
                        filter: {
                            clogPMax?: number;
                            clogPMin?: number;
                            formalChargeMax?: number;
                            formalChargeMin?: number;
                            hbaMax?: number;
                            hbaMin?: number;
                            hbdMax?: number;
                            hbdMin?: number;
                            heavyAtomsMax?: number;
                            heavyAtomsMin?: number;
                            inchikey?: string;
                            molecularWeightMax?: number;
                            molecularWeightMin?: number;
                            /** @description Name contains (case-insensitive) */
                            name?: string;
                            rotatableBondsMax?: number;
                            rotatableBondsMin?: number;
                            /** @description The Tanimoto threshold of similarTo (default 0.7) */
                            similarityMin?: number;
                            /** @description A SMILES the ligands resemble: Tanimoto of Morgan radius 2 / 2,048-bit fingerprints */
                            similarTo?: string;
                            /** @description SMILES (read first) or SMARTS the ligands contain; the whole library is scanned */
                            substructure?: string;
                            tpsaMax?: number;
                            tpsaMin?: number;
                        };
                        /** @constant */
                        kind: "search";
                    };
                };
            };
        };
        responses: {
            /** @description Created: the ligand set, resolved now */
            201: {
                headers: {
                    /** @description The ligand set: GET or DELETE /api/v1/ligand-sets/{ligandSetId} */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        createdAt: string;
                        createdBy: string | null;
                        /** @description How the set was made (a search as given) */
                        definition: {
                            /** @constant */
                            kind: "ids";
                        } | {
                            files: string[];
                            /** @constant */
                            kind: "upload";
                        } | {
                            filter: {
                                [key: string]: unknown;
                            };
                            /** @constant */
                            kind: "search";
                        };
                        description: string;
                        /** Format: uuid */
                        id: string;
                        /** @description Members now */
                        ligandCount: number;
                        name: string;
                        projectId: string | null;
                        /** @description Members when it was made (more than ligandCount: molecules deleted since; a job from it is refused) */
                        resolvedCount: number;
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks molecules:write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A molecule or the project is not in your organisation (the message names which) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A molecule of the set was deleted while it was being saved */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is over REQUEST_MAX_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The search matches no ligand, or more than 100,000 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "ligandSets-get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ligandSetId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        createdAt: string;
                        createdBy: string | null;
                        /** @description How the set was made (a search as given) */
                        definition: {
                            /** @constant */
                            kind: "ids";
                        } | {
                            files: string[];
                            /** @constant */
                            kind: "upload";
                        } | {
                            filter: {
                                [key: string]: unknown;
                            };
                            /** @constant */
                            kind: "search";
                        };
                        description: string;
                        /** Format: uuid */
                        id: string;
                        /** @description Members now */
                        ligandCount: number;
                        name: string;
                        projectId: string | null;
                        /** @description Members when it was made (more than ligandCount: molecules deleted since; a job from it is refused) */
                        resolvedCount: number;
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks molecules:read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such resource in your organisation (the message names which) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "ligandSets-delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ligandSetId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        deleted: true;
                        /** Format: uuid */
                        id: string;
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks molecules:write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such resource in your organisation (the message names which) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "ligandSets-members": {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                ligandSetId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        members: {
                            molecule: {
                                /** Format: uuid */
                                artifactId: string;
                                canonicalSmiles: string | null;
                                contentSha256: string;
                                createdAt: string;
                                createdBy: string | null;
                                formula: string | null;
                                /** Format: uuid */
                                id: string;
                                inchikey: string | null;
                                /** @enum {string} */
                                kind: "receptor" | "ligand";
                                name: string;
                                properties: {
                                    /** @description Receptors: atoms with alternate locations */
                                    altLocAtoms?: number;
                                    /** @description Ligands: aromatic rings */
                                    aromaticRings?: number;
                                    /** @description Receptors: atoms */
                                    atoms?: number;
                                    /** @description Receptors: chains with their residue range */
                                    chains?: {
                                        atoms: number;
                                        firstResSeq: number;
                                        id: string;
                                        lastResSeq: number;
                                        residues: number;
                                    }[];
                                    /** @description Ligands: Crippen cLogP */
                                    clogP?: number;
                                    /** @description Ligands: monoisotopic mass as uploaded, g/mol */
                                    exactMassAsGiven?: number;
                                    /** @description Ligands: net formal charge as uploaded */
                                    formalCharge?: number;
                                    /**
                                     * @description Receptors: the structure format read
                                     * @enum {string}
                                     */
                                    format?: "pdb" | "pdbqt" | "mmcif";
                                    /** @description Ligands: formula and charge exactly as uploaded (C29H32N7O+) */
                                    formulaAsGiven?: string;
                                    /** @description Ligands: disconnected fragments (salts, solvents) */
                                    fragments?: number;
                                    /** @description Ligands: the record carries 3D coordinates */
                                    has3d?: boolean;
                                    /** @description Ligands: hydrogen-bond acceptors (RDKit NumHBA) */
                                    hba?: number;
                                    /** @description Ligands: hydrogen-bond donors (RDKit NumHBD) */
                                    hbd?: number;
                                    /** @description Heavy (non-hydrogen) atoms */
                                    heavyAtoms?: number;
                                    /** @description Receptors: hetero groups (candidate reference ligands for a binding box), with their centroid in Å */
                                    hetGroups?: {
                                        atoms: number;
                                        centroid: [
                                            number,
                                            number,
                                            number
                                        ];
                                        chain: string;
                                        iCode: string;
                                        resName: string;
                                        resSeq: number;
                                    }[];
                                    /** @description Receptors: hydrogen atoms */
                                    hydrogens?: number;
                                    /** @description Ligands: standard InChI (null when RDKit cannot write one) */
                                    inchi?: string | null;
                                    /** @description Receptors: MODEL records */
                                    models?: number;
                                    /** @description Ligands: molecular weight of the neutral parent, g/mol */
                                    molecularWeight?: number;
                                    /** @description Ligands: molecular weight as uploaded (charge included), g/mol */
                                    molecularWeightAsGiven?: number;
                                    /** @description Receptors: residues */
                                    residues?: number;
                                    /** @description Ligands: rings */
                                    rings?: number;
                                    /** @description Ligands: rotatable bonds (RDKit NumRotatableBonds) */
                                    rotatableBonds?: number;
                                    /** @description Ligands: topological polar surface area, Å² */
                                    tpsa?: number;
                                    /** @description What the chemist should know about the structure */
                                    warnings?: string[];
                                    /** @description Receptors: water molecules */
                                    waters?: number;
                                };
                                /** @enum {string} */
                                sourceFormat: "pdb" | "pdbqt" | "mmcif" | "sdf" | "mol2" | "smiles";
                                sourceRecord: number;
                                uploadArtifactId: string | null;
                            };
                            ordinal: number;
                        }[];
                        /** @description Pass as cursor for the next page; null on the last page */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks molecules:read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such resource in your organisation (the message names which) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "me-get": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description the organisation this request runs in */
                        org: {
                            /** Format: uuid */
                            id: string;
                            name: string;
                            slug: string;
                        };
                        /** @description every organisation you belong to */
                        orgs: {
                            /** Format: uuid */
                            id: string;
                            name: string;
                            role: string;
                            slug: string;
                        }[];
                        permissions: string[];
                        role: string;
                        user: {
                            displayName: string | null;
                            email: string;
                            /** Format: uuid */
                            id: string;
                        };
                        /** @enum {string} */
                        via: "session" | "token";
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks signed-in */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "members-list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        members: {
                            displayName: string | null;
                            email: string;
                            /** @description ISO 8601 */
                            joinedAt: string;
                            role: string;
                            /** Format: uuid */
                            userId: string;
                        }[];
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks members:manage */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "members-add": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "email": "chemist@example.org",
                 *       "role": "member"
                 *     }
                 */
                "application/json": {
                    /** Format: email */
                    email: string;
                    /** @default viewer */
                    role?: string;
                };
            };
        };
        responses: {
            /** @description Created: the new member */
            201: {
                headers: {
                    /** @description The membership: PATCH or DELETE /api/v1/members/{userId} */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        displayName: string | null;
                        email: string;
                        /** @description ISO 8601 */
                        joinedAt: string;
                        role: string;
                        /** Format: uuid */
                        userId: string;
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks members:manage */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Already a member */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is over REQUEST_MAX_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "members-remove": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        removed: true;
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks members:manage */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such resource in your organisation (the message names which) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "members-setRole": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "role": "viewer"
                 *     }
                 */
                "application/json": {
                    role: string;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        displayName: string | null;
                        email: string;
                        /** @description ISO 8601 */
                        joinedAt: string;
                        role: string;
                        /** Format: uuid */
                        userId: string;
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks members:manage */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such resource in your organisation (the message names which) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description It would leave nobody with members:manage */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is over REQUEST_MAX_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "molecules-list": {
        parameters: {
            query?: {
                clogPMax?: number;
                clogPMin?: number;
                cursor?: string;
                formalChargeMax?: number;
                formalChargeMin?: number;
                hbaMax?: number;
                hbaMin?: number;
                hbdMax?: number;
                hbdMin?: number;
                heavyAtomsMax?: number;
                heavyAtomsMin?: number;
                inchikey?: string;
                kind?: "receptor" | "ligand";
                limit?: number;
                molecularWeightMax?: number;
                molecularWeightMin?: number;
                name?: string;
                rotatableBondsMax?: number;
                rotatableBondsMin?: number;
                similarityMin?: number;
                similarTo?: string;
                substructure?: string;
                tpsaMax?: number;
                tpsaMin?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        molecules: {
                            /** Format: uuid */
                            artifactId: string;
                            canonicalSmiles: string | null;
                            contentSha256: string;
                            createdAt: string;
                            createdBy: string | null;
                            formula: string | null;
                            /** Format: uuid */
                            id: string;
                            inchikey: string | null;
                            /** @enum {string} */
                            kind: "receptor" | "ligand";
                            name: string;
                            properties: {
                                /** @description Receptors: atoms with alternate locations */
                                altLocAtoms?: number;
                                /** @description Ligands: aromatic rings */
                                aromaticRings?: number;
                                /** @description Receptors: atoms */
                                atoms?: number;
                                /** @description Receptors: chains with their residue range */
                                chains?: {
                                    atoms: number;
                                    firstResSeq: number;
                                    id: string;
                                    lastResSeq: number;
                                    residues: number;
                                }[];
                                /** @description Ligands: Crippen cLogP */
                                clogP?: number;
                                /** @description Ligands: monoisotopic mass as uploaded, g/mol */
                                exactMassAsGiven?: number;
                                /** @description Ligands: net formal charge as uploaded */
                                formalCharge?: number;
                                /**
                                 * @description Receptors: the structure format read
                                 * @enum {string}
                                 */
                                format?: "pdb" | "pdbqt" | "mmcif";
                                /** @description Ligands: formula and charge exactly as uploaded (C29H32N7O+) */
                                formulaAsGiven?: string;
                                /** @description Ligands: disconnected fragments (salts, solvents) */
                                fragments?: number;
                                /** @description Ligands: the record carries 3D coordinates */
                                has3d?: boolean;
                                /** @description Ligands: hydrogen-bond acceptors (RDKit NumHBA) */
                                hba?: number;
                                /** @description Ligands: hydrogen-bond donors (RDKit NumHBD) */
                                hbd?: number;
                                /** @description Heavy (non-hydrogen) atoms */
                                heavyAtoms?: number;
                                /** @description Receptors: hetero groups (candidate reference ligands for a binding box), with their centroid in Å */
                                hetGroups?: {
                                    atoms: number;
                                    centroid: [
                                        number,
                                        number,
                                        number
                                    ];
                                    chain: string;
                                    iCode: string;
                                    resName: string;
                                    resSeq: number;
                                }[];
                                /** @description Receptors: hydrogen atoms */
                                hydrogens?: number;
                                /** @description Ligands: standard InChI (null when RDKit cannot write one) */
                                inchi?: string | null;
                                /** @description Receptors: MODEL records */
                                models?: number;
                                /** @description Ligands: molecular weight of the neutral parent, g/mol */
                                molecularWeight?: number;
                                /** @description Ligands: molecular weight as uploaded (charge included), g/mol */
                                molecularWeightAsGiven?: number;
                                /** @description Receptors: residues */
                                residues?: number;
                                /** @description Ligands: rings */
                                rings?: number;
                                /** @description Ligands: rotatable bonds (RDKit NumRotatableBonds) */
                                rotatableBonds?: number;
                                /** @description Ligands: topological polar surface area, Å² */
                                tpsa?: number;
                                /** @description What the chemist should know about the structure */
                                warnings?: string[];
                                /** @description Receptors: water molecules */
                                waters?: number;
                            };
                            /** @description With similarTo: the Tanimoto of this molecule to it (0–1) */
                            similarity?: number;
                            /** @enum {string} */
                            sourceFormat: "pdb" | "pdbqt" | "mmcif" | "sdf" | "mol2" | "smiles";
                            sourceRecord: number;
                            uploadArtifactId: string | null;
                        }[];
                        nextCursor: string | null;
                        /** @description What the similarity filter scanned (only when similarTo was given); continue with nextCursor */
                        similarity?: {
                            /** @constant */
                            fingerprint: "morgan-radius-2-2048-bits";
                            limitReached: boolean;
                            scanLimit: number;
                            scanned: number;
                            /** @description The Tanimoto threshold applied */
                            threshold: number;
                        };
                        /** @description What the substructure filter scanned (only when it was given) */
                        substructure?: {
                            /** @description The scan stopped at scanLimit with candidates left: the page holds the matches among the first `scanned`; continue with nextCursor */
                            limitReached: boolean;
                            /**
                             * @description How the query was read: as SMILES (tried first) or as SMARTS
                             * @enum {string}
                             */
                            queryAs: "smiles" | "smarts";
                            /** @description The most one request scans (10,000) */
                            scanLimit: number;
                            /** @description Candidates this request read and matched (newest first, after the cursor) */
                            scanned: number;
                        };
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks molecules:read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "molecules-get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                moleculeId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        artifactId: string;
                        canonicalSmiles: string | null;
                        contentSha256: string;
                        createdAt: string;
                        createdBy: string | null;
                        depictionSvg: string | null;
                        formula: string | null;
                        /** Format: uuid */
                        id: string;
                        inchikey: string | null;
                        /** @enum {string} */
                        kind: "receptor" | "ligand";
                        name: string;
                        properties: {
                            /** @description Receptors: atoms with alternate locations */
                            altLocAtoms?: number;
                            /** @description Ligands: aromatic rings */
                            aromaticRings?: number;
                            /** @description Receptors: atoms */
                            atoms?: number;
                            /** @description Receptors: chains with their residue range */
                            chains?: {
                                atoms: number;
                                firstResSeq: number;
                                id: string;
                                lastResSeq: number;
                                residues: number;
                            }[];
                            /** @description Ligands: Crippen cLogP */
                            clogP?: number;
                            /** @description Ligands: monoisotopic mass as uploaded, g/mol */
                            exactMassAsGiven?: number;
                            /** @description Ligands: net formal charge as uploaded */
                            formalCharge?: number;
                            /**
                             * @description Receptors: the structure format read
                             * @enum {string}
                             */
                            format?: "pdb" | "pdbqt" | "mmcif";
                            /** @description Ligands: formula and charge exactly as uploaded (C29H32N7O+) */
                            formulaAsGiven?: string;
                            /** @description Ligands: disconnected fragments (salts, solvents) */
                            fragments?: number;
                            /** @description Ligands: the record carries 3D coordinates */
                            has3d?: boolean;
                            /** @description Ligands: hydrogen-bond acceptors (RDKit NumHBA) */
                            hba?: number;
                            /** @description Ligands: hydrogen-bond donors (RDKit NumHBD) */
                            hbd?: number;
                            /** @description Heavy (non-hydrogen) atoms */
                            heavyAtoms?: number;
                            /** @description Receptors: hetero groups (candidate reference ligands for a binding box), with their centroid in Å */
                            hetGroups?: {
                                atoms: number;
                                centroid: [
                                    number,
                                    number,
                                    number
                                ];
                                chain: string;
                                iCode: string;
                                resName: string;
                                resSeq: number;
                            }[];
                            /** @description Receptors: hydrogen atoms */
                            hydrogens?: number;
                            /** @description Ligands: standard InChI (null when RDKit cannot write one) */
                            inchi?: string | null;
                            /** @description Receptors: MODEL records */
                            models?: number;
                            /** @description Ligands: molecular weight of the neutral parent, g/mol */
                            molecularWeight?: number;
                            /** @description Ligands: molecular weight as uploaded (charge included), g/mol */
                            molecularWeightAsGiven?: number;
                            /** @description Receptors: residues */
                            residues?: number;
                            /** @description Ligands: rings */
                            rings?: number;
                            /** @description Ligands: rotatable bonds (RDKit NumRotatableBonds) */
                            rotatableBonds?: number;
                            /** @description Ligands: topological polar surface area, Å² */
                            tpsa?: number;
                            /** @description What the chemist should know about the structure */
                            warnings?: string[];
                            /** @description Receptors: water molecules */
                            waters?: number;
                        };
                        /** @enum {string} */
                        sourceFormat: "pdb" | "pdbqt" | "mmcif" | "sdf" | "mol2" | "smiles";
                        sourceRecord: number;
                        uploadArtifactId: string | null;
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks molecules:read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such resource in your organisation (the message names which) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "molecules-delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                moleculeId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        deleted: true;
                        deletedArtifacts: number;
                        /** Format: uuid */
                        id: string;
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks molecules:write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such resource in your organisation (the message names which) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An unfinished job uses the molecule */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "molecules-upload": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "kind": "ligand",
                 *       "smiles": [
                 *         {
                 *           "smiles": "CC(=O)Oc1ccccc1C(=O)O",
                 *           "name": "aspirin"
                 *         },
                 *         "CCO ethanol"
                 *       ]
                 *     }
                 */
                "application/json": {
                    /** @default false */
                    allOrNothing?: boolean;
                    files?: {
                        content: string;
                        /** @enum {string} */
                        encoding?: "utf8" | "base64";
                        name: string;
                    }[];
                    /** @enum {string} */
                    kind: "receptor" | "ligand";
                    smiles?: string | (string | {
                        name?: string;
                        smiles: string;
                    })[];
                };
                "multipart/form-data": {
                    /** @default false */
                    allOrNothing?: boolean;
                    files: string[];
                    /** @enum {string} */
                    kind: "receptor" | "ligand";
                    /** @description Optional: "SMILES name" per line */
                    smiles?: string;
                };
            };
        };
        responses: {
            /** @description Every molecule was already stored (all deduplicated) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        errors: {
                            file: string | null;
                            line: number | null;
                            /** @description SMILES character position (1-based) where RDKit names one */
                            position?: number;
                            reason: string;
                            /** @description 1-based record in the file; 0 for the file as a whole */
                            record: number;
                        }[];
                        molecules: ({
                            /**
                             * Format: uuid
                             * @description The record’s own file: GET /api/v1/artifacts/{artifactId}
                             */
                            artifactId: string;
                            canonicalSmiles?: string | null;
                            /** @description true when the organisation already had this molecule (same bytes, or for ligands the same InChIKey) */
                            deduplicated: boolean;
                            file: string | null;
                            /** @description Neutral parent (InChI formula layer); formulaAsGiven keeps the uploaded protonation */
                            formula: string | null;
                            /** Format: uuid */
                            id: string;
                            inchikey?: string | null;
                            /** @enum {string} */
                            kind: "receptor" | "ligand";
                            name: string;
                            properties: {
                                /** @description Receptors: atoms with alternate locations */
                                altLocAtoms?: number;
                                /** @description Ligands: aromatic rings */
                                aromaticRings?: number;
                                /** @description Receptors: atoms */
                                atoms?: number;
                                /** @description Receptors: chains with their residue range */
                                chains?: {
                                    atoms: number;
                                    firstResSeq: number;
                                    id: string;
                                    lastResSeq: number;
                                    residues: number;
                                }[];
                                /** @description Ligands: Crippen cLogP */
                                clogP?: number;
                                /** @description Ligands: monoisotopic mass as uploaded, g/mol */
                                exactMassAsGiven?: number;
                                /** @description Ligands: net formal charge as uploaded */
                                formalCharge?: number;
                                /**
                                 * @description Receptors: the structure format read
                                 * @enum {string}
                                 */
                                format?: "pdb" | "pdbqt" | "mmcif";
                                /** @description Ligands: formula and charge exactly as uploaded (C29H32N7O+) */
                                formulaAsGiven?: string;
                                /** @description Ligands: disconnected fragments (salts, solvents) */
                                fragments?: number;
                                /** @description Ligands: the record carries 3D coordinates */
                                has3d?: boolean;
                                /** @description Ligands: hydrogen-bond acceptors (RDKit NumHBA) */
                                hba?: number;
                                /** @description Ligands: hydrogen-bond donors (RDKit NumHBD) */
                                hbd?: number;
                                /** @description Heavy (non-hydrogen) atoms */
                                heavyAtoms?: number;
                                /** @description Receptors: hetero groups (candidate reference ligands for a binding box), with their centroid in Å */
                                hetGroups?: {
                                    atoms: number;
                                    centroid: [
                                        number,
                                        number,
                                        number
                                    ];
                                    chain: string;
                                    iCode: string;
                                    resName: string;
                                    resSeq: number;
                                }[];
                                /** @description Receptors: hydrogen atoms */
                                hydrogens?: number;
                                /** @description Ligands: standard InChI (null when RDKit cannot write one) */
                                inchi?: string | null;
                                /** @description Receptors: MODEL records */
                                models?: number;
                                /** @description Ligands: molecular weight of the neutral parent, g/mol */
                                molecularWeight?: number;
                                /** @description Ligands: molecular weight as uploaded (charge included), g/mol */
                                molecularWeightAsGiven?: number;
                                /** @description Receptors: residues */
                                residues?: number;
                                /** @description Ligands: rings */
                                rings?: number;
                                /** @description Ligands: rotatable bonds (RDKit NumRotatableBonds) */
                                rotatableBonds?: number;
                                /** @description Ligands: topological polar surface area, Å² */
                                tpsa?: number;
                                /** @description What the chemist should know about the structure */
                                warnings?: string[];
                                /** @description Receptors: water molecules */
                                waters?: number;
                            };
                            record: number;
                            /** @enum {string} */
                            sourceFormat: "pdb" | "pdbqt" | "mmcif" | "sdf" | "mol2" | "smiles";
                            /**
                             * Format: uuid
                             * @description The whole multi-record file it came from
                             */
                            uploadArtifactId?: string | null;
                        } & {
                            [key: string]: unknown;
                        })[];
                    };
                };
            };
            /** @description Something new was stored */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        errors: {
                            file: string | null;
                            line: number | null;
                            /** @description SMILES character position (1-based) where RDKit names one */
                            position?: number;
                            reason: string;
                            /** @description 1-based record in the file; 0 for the file as a whole */
                            record: number;
                        }[];
                        molecules: ({
                            /**
                             * Format: uuid
                             * @description The record’s own file: GET /api/v1/artifacts/{artifactId}
                             */
                            artifactId: string;
                            canonicalSmiles?: string | null;
                            /** @description true when the organisation already had this molecule (same bytes, or for ligands the same InChIKey) */
                            deduplicated: boolean;
                            file: string | null;
                            /** @description Neutral parent (InChI formula layer); formulaAsGiven keeps the uploaded protonation */
                            formula: string | null;
                            /** Format: uuid */
                            id: string;
                            inchikey?: string | null;
                            /** @enum {string} */
                            kind: "receptor" | "ligand";
                            name: string;
                            properties: {
                                /** @description Receptors: atoms with alternate locations */
                                altLocAtoms?: number;
                                /** @description Ligands: aromatic rings */
                                aromaticRings?: number;
                                /** @description Receptors: atoms */
                                atoms?: number;
                                /** @description Receptors: chains with their residue range */
                                chains?: {
                                    atoms: number;
                                    firstResSeq: number;
                                    id: string;
                                    lastResSeq: number;
                                    residues: number;
                                }[];
                                /** @description Ligands: Crippen cLogP */
                                clogP?: number;
                                /** @description Ligands: monoisotopic mass as uploaded, g/mol */
                                exactMassAsGiven?: number;
                                /** @description Ligands: net formal charge as uploaded */
                                formalCharge?: number;
                                /**
                                 * @description Receptors: the structure format read
                                 * @enum {string}
                                 */
                                format?: "pdb" | "pdbqt" | "mmcif";
                                /** @description Ligands: formula and charge exactly as uploaded (C29H32N7O+) */
                                formulaAsGiven?: string;
                                /** @description Ligands: disconnected fragments (salts, solvents) */
                                fragments?: number;
                                /** @description Ligands: the record carries 3D coordinates */
                                has3d?: boolean;
                                /** @description Ligands: hydrogen-bond acceptors (RDKit NumHBA) */
                                hba?: number;
                                /** @description Ligands: hydrogen-bond donors (RDKit NumHBD) */
                                hbd?: number;
                                /** @description Heavy (non-hydrogen) atoms */
                                heavyAtoms?: number;
                                /** @description Receptors: hetero groups (candidate reference ligands for a binding box), with their centroid in Å */
                                hetGroups?: {
                                    atoms: number;
                                    centroid: [
                                        number,
                                        number,
                                        number
                                    ];
                                    chain: string;
                                    iCode: string;
                                    resName: string;
                                    resSeq: number;
                                }[];
                                /** @description Receptors: hydrogen atoms */
                                hydrogens?: number;
                                /** @description Ligands: standard InChI (null when RDKit cannot write one) */
                                inchi?: string | null;
                                /** @description Receptors: MODEL records */
                                models?: number;
                                /** @description Ligands: molecular weight of the neutral parent, g/mol */
                                molecularWeight?: number;
                                /** @description Ligands: molecular weight as uploaded (charge included), g/mol */
                                molecularWeightAsGiven?: number;
                                /** @description Receptors: residues */
                                residues?: number;
                                /** @description Ligands: rings */
                                rings?: number;
                                /** @description Ligands: rotatable bonds (RDKit NumRotatableBonds) */
                                rotatableBonds?: number;
                                /** @description Ligands: topological polar surface area, Å² */
                                tpsa?: number;
                                /** @description What the chemist should know about the structure */
                                warnings?: string[];
                                /** @description Receptors: water molecules */
                                waters?: number;
                            };
                            record: number;
                            /** @enum {string} */
                            sourceFormat: "pdb" | "pdbqt" | "mmcif" | "sdf" | "mol2" | "smiles";
                            /**
                             * Format: uuid
                             * @description The whole multi-record file it came from
                             */
                            uploadArtifactId?: string | null;
                        } & {
                            [key: string]: unknown;
                        })[];
                    };
                };
            };
            /** @description Malformed request (no files, bad kind, unreadable or truncated multipart or JSON, a query parameter: the error names it) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks molecules:write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A file over UPLOAD_MAX_BYTES, more than UPLOAD_MAX_FILES files, a form field over 64 KiB, or a body over REQUEST_MAX_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Every record failed (or allOrNothing and one failed): nothing stored */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        errors: {
                            file: string | null;
                            line: number | null;
                            /** @description SMILES character position (1-based) where RDKit names one */
                            position?: number;
                            reason: string;
                            /** @description 1-based record in the file; 0 for the file as a whole */
                            record: number;
                        }[];
                        molecules: ({
                            /**
                             * Format: uuid
                             * @description The record’s own file: GET /api/v1/artifacts/{artifactId}
                             */
                            artifactId: string;
                            canonicalSmiles?: string | null;
                            /** @description true when the organisation already had this molecule (same bytes, or for ligands the same InChIKey) */
                            deduplicated: boolean;
                            file: string | null;
                            /** @description Neutral parent (InChI formula layer); formulaAsGiven keeps the uploaded protonation */
                            formula: string | null;
                            /** Format: uuid */
                            id: string;
                            inchikey?: string | null;
                            /** @enum {string} */
                            kind: "receptor" | "ligand";
                            name: string;
                            properties: {
                                /** @description Receptors: atoms with alternate locations */
                                altLocAtoms?: number;
                                /** @description Ligands: aromatic rings */
                                aromaticRings?: number;
                                /** @description Receptors: atoms */
                                atoms?: number;
                                /** @description Receptors: chains with their residue range */
                                chains?: {
                                    atoms: number;
                                    firstResSeq: number;
                                    id: string;
                                    lastResSeq: number;
                                    residues: number;
                                }[];
                                /** @description Ligands: Crippen cLogP */
                                clogP?: number;
                                /** @description Ligands: monoisotopic mass as uploaded, g/mol */
                                exactMassAsGiven?: number;
                                /** @description Ligands: net formal charge as uploaded */
                                formalCharge?: number;
                                /**
                                 * @description Receptors: the structure format read
                                 * @enum {string}
                                 */
                                format?: "pdb" | "pdbqt" | "mmcif";
                                /** @description Ligands: formula and charge exactly as uploaded (C29H32N7O+) */
                                formulaAsGiven?: string;
                                /** @description Ligands: disconnected fragments (salts, solvents) */
                                fragments?: number;
                                /** @description Ligands: the record carries 3D coordinates */
                                has3d?: boolean;
                                /** @description Ligands: hydrogen-bond acceptors (RDKit NumHBA) */
                                hba?: number;
                                /** @description Ligands: hydrogen-bond donors (RDKit NumHBD) */
                                hbd?: number;
                                /** @description Heavy (non-hydrogen) atoms */
                                heavyAtoms?: number;
                                /** @description Receptors: hetero groups (candidate reference ligands for a binding box), with their centroid in Å */
                                hetGroups?: {
                                    atoms: number;
                                    centroid: [
                                        number,
                                        number,
                                        number
                                    ];
                                    chain: string;
                                    iCode: string;
                                    resName: string;
                                    resSeq: number;
                                }[];
                                /** @description Receptors: hydrogen atoms */
                                hydrogens?: number;
                                /** @description Ligands: standard InChI (null when RDKit cannot write one) */
                                inchi?: string | null;
                                /** @description Receptors: MODEL records */
                                models?: number;
                                /** @description Ligands: molecular weight of the neutral parent, g/mol */
                                molecularWeight?: number;
                                /** @description Ligands: molecular weight as uploaded (charge included), g/mol */
                                molecularWeightAsGiven?: number;
                                /** @description Receptors: residues */
                                residues?: number;
                                /** @description Ligands: rings */
                                rings?: number;
                                /** @description Ligands: rotatable bonds (RDKit NumRotatableBonds) */
                                rotatableBonds?: number;
                                /** @description Ligands: topological polar surface area, Å² */
                                tpsa?: number;
                                /** @description What the chemist should know about the structure */
                                warnings?: string[];
                                /** @description Receptors: water molecules */
                                waters?: number;
                            };
                            record: number;
                            /** @enum {string} */
                            sourceFormat: "pdb" | "pdbqt" | "mmcif" | "sdf" | "mol2" | "smiles";
                            /**
                             * Format: uuid
                             * @description The whole multi-record file it came from
                             */
                            uploadArtifactId?: string | null;
                        } & {
                            [key: string]: unknown;
                        })[];
                    };
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "operations-overview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        api: {
                            /** @description The last 5 minutes (as the mad:http_* recording rules) */
                            current: {
                                /** @description When the later of the two readings was taken */
                                at: string;
                                /** @description 5xx answers over all answers (null: no requests) */
                                errorRatio: number | null;
                                /** @description Answers with a 5xx status */
                                errors: number;
                                p50Seconds: number | null;
                                p99Seconds: number | null;
                                requests: number;
                                requestsPerSecond: number;
                                /** @description What the rates are over: the window, or the life of the process when shorter */
                                seconds: number;
                            };
                            inFlight: number;
                            /** @description 30-second steps over the last 15 minutes, oldest first */
                            series: {
                                /** @description When the later of the two readings was taken */
                                at: string;
                                /** @description 5xx answers over all answers (null: no requests) */
                                errorRatio: number | null;
                                /** @description Answers with a 5xx status */
                                errors: number;
                                p50Seconds: number | null;
                                p99Seconds: number | null;
                                requests: number;
                                requestsPerSecond: number;
                                /** @description What the rates are over: the window, or the life of the process when shorter */
                                seconds: number;
                            }[];
                        };
                        at: string;
                        consumers: {
                            ackPending: number;
                            consumer: string;
                            pending: number;
                            redelivered: number;
                            waiting: number;
                        }[];
                        dependencies: {
                            dependency: string;
                            up: boolean;
                        }[];
                        fleet: {
                            agentsByEngine: {
                                agents: number;
                                engine: string;
                            }[];
                            cpus: {
                                busy: number;
                                free: number;
                            };
                            hosts: number;
                            slots: {
                                busy: number;
                                free: number;
                            };
                        };
                        /** @description The caller's organisation only */
                        jobs: {
                            lastDay: {
                                CANCELLED: number;
                                COMPLETED: number;
                                FAILED: number;
                                PENDING: number;
                                RUNNING: number;
                            };
                            recentFailures: {
                                agentId: string | null;
                                at: string;
                                /** @description The job's error, the attempt's reason, or the number of failed ligands */
                                detail: string | null;
                                /** Format: uuid */
                                jobId: string;
                                /** @enum {string} */
                                kind: "job" | "attempt" | "ligands";
                                /**
                                 * @description The docking engine: vina, smina or gnina
                                 * @enum {string}
                                 */
                                pipeline: "vina" | "smina" | "gnina";
                                /** @description FAILED or LOST */
                                status: string;
                            }[];
                        };
                        queues: {
                            active: number;
                            failed: number;
                            oldestAgeSeconds: number;
                            queue: string;
                            queued: number;
                        }[];
                        streams: {
                            bytes: number;
                            messages: number;
                            oldestAgeSeconds: number;
                            stream: string;
                        }[];
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks operations:read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "orgs-current": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        name: string;
                        slug: string;
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks org:read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "orgs-settings-clearCache": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        resultsDeleted: number;
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks settings:manage */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "orgs-quotas": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        limits: {
                            /** @description Jobs of the organisation PENDING or RUNNING at once (ORG_MAX_ACTIVE_JOBS); one more is a 429 */
                            maxActiveJobs: number;
                            /** @description The search box's volume in Å³ (JOB_MAX_BOX_VOLUME); more is a 400 */
                            maxBoxVolumeAngstrom3: number;
                            /** @description The highest exhaustiveness a job may ask for (JOB_MAX_EXHAUSTIVENESS); more is a 400 */
                            maxExhaustiveness: number;
                            /** @description Ligands of the organisation's active jobs together (ORG_MAX_LIGANDS_IN_FLIGHT); more is a 429 */
                            maxLigandsInFlight: number;
                            /** @description Ligands in one job (JOB_MAX_LIGANDS); more is a 400 */
                            maxLigandsPerJob: number;
                            /** @description The Retry-After of a quota 429 (QUOTA_RETRY_AFTER_SECONDS) */
                            retryAfterSeconds: number;
                            /** @description Changes (uploads, job creation, …) per user and organisation per minute (WRITE_RATE_LIMIT_PER_MINUTE); null: none */
                            writesPerMinute: number | null;
                        };
                        usage: {
                            /** @description Jobs of the organisation PENDING or RUNNING now */
                            activeJobs: number;
                            /** @description Ligands of those jobs together */
                            ligandsInFlight: number;
                        };
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks org:read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "orgs-settings-get": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        defaults: {
                            cacheMinConfidence: number;
                            cacheTtlDays: number;
                            jobEventsRetentionDays: number;
                            logsRetentionDays: number;
                            scratchRetentionDays: number;
                        };
                        /** @description What applies: the own value, or the default */
                        effective: {
                            cacheMinConfidence: number;
                            cacheTtlDays: number;
                            jobEventsRetentionDays: number;
                            logsRetentionDays: number;
                            scratchRetentionDays: number;
                        };
                        /** @description The organisation's own values (null: not set) */
                        settings: {
                            /** @description The lowest confidence (0..1) a stored result needs to be reused; null: the server default */
                            cacheMinConfidence: number | null;
                            /** @description How many days a docking result may be reused by a later job (0: never reuse); null: the server default */
                            cacheTtlDays: number | null;
                            /** @description How long job events are kept, in days; null: the server default */
                            jobEventsRetentionDays: number | null;
                            /** @description How long engine and task logs are kept, in days; null: the server default */
                            logsRetentionDays: number | null;
                            /** @description How long bucket objects that no row refers to (scratch) are kept, in days; null: the server default */
                            scratchRetentionDays: number | null;
                        };
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks org:read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "orgs-settings-update": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "jobEventsRetentionDays": 30,
                 *       "cacheMinConfidence": 0.8,
                 *       "logsRetentionDays": null
                 *     }
                 */
                "application/json": {
                    /** @description The lowest confidence (0..1) a stored result needs to be reused; null: the server default */
                    cacheMinConfidence?: number | null;
                    /** @description How many days a docking result may be reused by a later job (0: never reuse); null: the server default */
                    cacheTtlDays?: number | null;
                    /** @description How long job events are kept, in days; null: the server default */
                    jobEventsRetentionDays?: number | null;
                    /** @description How long engine and task logs are kept, in days; null: the server default */
                    logsRetentionDays?: number | null;
                    /** @description How long bucket objects that no row refers to (scratch) are kept, in days; null: the server default */
                    scratchRetentionDays?: number | null;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        defaults: {
                            cacheMinConfidence: number;
                            cacheTtlDays: number;
                            jobEventsRetentionDays: number;
                            logsRetentionDays: number;
                            scratchRetentionDays: number;
                        };
                        /** @description What applies: the own value, or the default */
                        effective: {
                            cacheMinConfidence: number;
                            cacheTtlDays: number;
                            jobEventsRetentionDays: number;
                            logsRetentionDays: number;
                            scratchRetentionDays: number;
                        };
                        /** @description The organisation's own values (null: not set) */
                        settings: {
                            /** @description The lowest confidence (0..1) a stored result needs to be reused; null: the server default */
                            cacheMinConfidence: number | null;
                            /** @description How many days a docking result may be reused by a later job (0: never reuse); null: the server default */
                            cacheTtlDays: number | null;
                            /** @description How long job events are kept, in days; null: the server default */
                            jobEventsRetentionDays: number | null;
                            /** @description How long engine and task logs are kept, in days; null: the server default */
                            logsRetentionDays: number | null;
                            /** @description How long bucket objects that no row refers to (scratch) are kept, in days; null: the server default */
                            scratchRetentionDays: number | null;
                        };
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks settings:manage */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is over REQUEST_MAX_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "pipelines-list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        pipelines: {
                            description: string;
                            /** @enum {string} */
                            id: "vina" | "smina" | "gnina";
                            name: string;
                        }[];
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks signed-in */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "pipelines-createJob": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1-200 printable ASCII characters (otherwise a 400 naming the header): a retried request with the same key and body answers the first job; the same key with another body is a 409 */
                "Idempotency-Key"?: string;
            };
            path: {
                /** @description The docking engine: vina, smina or gnina */
                pipelineId: "vina" | "smina" | "gnina";
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "receptorId": "0a8f6a1e-2c1d-4c55-9b1e-5d6f7a8b9c0d",
                 *       "ligands": [
                 *         {
                 *           "smiles": "CC(=O)Oc1ccccc1C(=O)O",
                 *           "name": "aspirin"
                 *         }
                 *       ],
                 *       "bindingSite": {
                 *         "mode": "box",
                 *         "center": {
                 *           "x": 15.6,
                 *           "y": 53.4,
                 *           "z": 16.9
                 *         },
                 *         "size": {
                 *           "x": 20,
                 *           "y": 20,
                 *           "z": 20
                 *         }
                 *       },
                 *       "params": {
                 *         "exhaustiveness": 8,
                 *         "numModes": 9,
                 *         "seed": 42
                 *       }
                 *     }
                 */
                "application/json": {
                    bindingSite: {
                        center: {
                            x: number;
                            y: number;
                            z: number;
                        };
                        /** @constant */
                        mode: "box";
                        /** @description Edge lengths in Å */
                        size: {
                            x: number;
                            y: number;
                            z: number;
                        };
                    } | {
                        /** @description A HETATM group of the receptor (e.g. the co-crystallised ligand) */
                        hetatm?: {
                            /** @default  */
                            chain?: string;
                            resName: string;
                            resSeq: number;
                        };
                        /**
                         * Format: uuid
                         * @description An uploaded ligand whose coordinates define the site
                         */
                        ligandId?: string;
                        /** @constant */
                        mode: "autobox";
                        /** @default 4 */
                        paddingAngstrom?: number;
                    } | {
                        /** @constant */
                        mode: "blind";
                        /** @default 4 */
                        paddingAngstrom?: number;
                    };
                    /** @description Reuse only results at most this many days old (default: the organisation's cacheTtlDays) */
                    cacheMaxAgeDays?: number;
                    /** @description Reuse only results with at least this confidence (default: the organisation's cacheMinConfidence) */
                    cacheMinConfidence?: number;
                    /** @description Notes on the job (at most 2,000 characters) */
                    description?: string;
                    /** @default [] */
                    ligandIds?: string[];
                    /** @default [] */
                    ligands?: {
                        name?: string;
                        smiles: string;
                    }[];
                    /**
                     * Format: uuid
                     * @description A saved ligand set: its members are docked (in its order, after ligandIds); the job records the set and the resolved ligand ids
                     */
                    ligandSetId?: string;
                    /** @description What you call the job (1–200 characters); shown in the jobs list and searchable */
                    name?: string;
                    /**
                     * @default {
                     *       "exhaustiveness": 8,
                     *       "numModes": 9,
                     *       "energyRange": 3,
                     *       "cpuPerTask": "auto"
                     *     }
                     */
                    params?: {
                        /**
                         * @description gnina only
                         * @enum {string}
                         */
                        cnnScoring?: "none" | "rescore" | "refinement" | "all";
                        /**
                         * @description CPUs of each engine process (Vina's --cpu). 'auto' (default): the agent sizes it to its cores and the ligands it holds, so a one-ligand job gets every core and a batch one single-CPU engine per core; the poses do not depend on it. Each ligand's engine log starts with the exact command.
                         * @default auto
                         */
                        cpuPerTask?: "auto" | number;
                        /** @default 3 */
                        energyRange?: number;
                        /** @default 8 */
                        exhaustiveness?: number;
                        /** @default 9 */
                        numModes?: number;
                        /** @description Fixed seed; a random one is chosen and recorded when omitted */
                        seed?: number;
                    };
                    /**
                     * Format: uuid
                     * @description The project the job belongs to (one of your organisation)
                     */
                    projectId?: string;
                    /** Format: uuid */
                    receptorId: string;
                    /**
                     * @description Reuse stored results of ligands docked before with the same inputs (false: dock every ligand again)
                     * @default true
                     */
                    useCache?: boolean;
                };
            };
        };
        responses: {
            /** @description COMPLETED at once: every ligand was answered from the result cache */
            200: {
                headers: {
                    /** @description The job: GET /api/v1/jobs/{jobId} */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description What the result cache did for this job */
                        cache?: {
                            /** @description Ligands dispatched to the agents */
                            computedLigands: number;
                            /** @description The jobs that computed the reused results */
                            fromJobs: string[];
                            /** @description The job signature (null: no live agent has the engine, or the lookup is deferred) */
                            inputSignature: string | null;
                            /** @description true: more new SMILES than a request canonicalises; the job was accepted at once and the dispatcher signs its ligands and reuses cached results before any task is made (reused and dispatched counts then in GET /status, cache) */
                            lookupDeferred?: boolean;
                            /** @description Ligands answered from stored results (not docked again) */
                            reusedLigands: number;
                        };
                        /** Format: uuid */
                        jobId: string;
                        /** @enum {string} */
                        status: "PENDING" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELLED";
                        warnings: string[];
                    };
                };
            };
            /** @description Accepted: the job is PENDING */
            202: {
                headers: {
                    /** @description The job: GET /api/v1/jobs/{jobId} */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description What the result cache did for this job */
                        cache?: {
                            /** @description Ligands dispatched to the agents */
                            computedLigands: number;
                            /** @description The jobs that computed the reused results */
                            fromJobs: string[];
                            /** @description The job signature (null: no live agent has the engine, or the lookup is deferred) */
                            inputSignature: string | null;
                            /** @description true: more new SMILES than a request canonicalises; the job was accepted at once and the dispatcher signs its ligands and reuses cached results before any task is made (reused and dispatched counts then in GET /status, cache) */
                            lookupDeferred?: boolean;
                            /** @description Ligands answered from stored results (not docked again) */
                            reusedLigands: number;
                        };
                        /** Format: uuid */
                        jobId: string;
                        /** @enum {string} */
                        status: "PENDING" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELLED";
                        warnings: string[];
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks jobs:write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such resource in your organisation (the message names which) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The Idempotency-Key was used before with another body */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is over REQUEST_MAX_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An autobox ligand without coordinates, or a box that contains no receptor atom (the message says where the receptor is) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "projects-list": {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Pass as cursor for the next page; null on the last page */
                        nextCursor: string | null;
                        projects: {
                            createdAt: string;
                            createdBy: string | null;
                            description: string;
                            /** Format: uuid */
                            id: string;
                            /** @description The project's jobs */
                            jobCount: number;
                            /** @description The project's ligand sets */
                            ligandSetCount: number;
                            name: string;
                            updatedAt: string;
                        }[];
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks jobs:read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "projects-create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "ABL1 kinase screen",
                 *       "description": "Imatinib analogues against 1iep"
                 *     }
                 */
                "application/json": {
                    /** @description At most 2,000 characters */
                    description?: string;
                    /** @description 1–200 characters, one line; unique in the organisation */
                    name: string;
                };
            };
        };
        responses: {
            /** @description Created: the project */
            201: {
                headers: {
                    /** @description The project: GET, PATCH or DELETE /api/v1/projects/{projectId} */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        createdAt: string;
                        createdBy: string | null;
                        description: string;
                        /** Format: uuid */
                        id: string;
                        /** @description The project's jobs */
                        jobCount: number;
                        /** @description The project's ligand sets */
                        ligandSetCount: number;
                        name: string;
                        updatedAt: string;
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks jobs:write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A project of that name exists in the organisation */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is over REQUEST_MAX_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "projects-get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        createdAt: string;
                        createdBy: string | null;
                        description: string;
                        /** Format: uuid */
                        id: string;
                        /** @description The project's jobs */
                        jobCount: number;
                        /** @description The project's ligand sets */
                        ligandSetCount: number;
                        name: string;
                        updatedAt: string;
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks jobs:read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such resource in your organisation (the message names which) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "projects-delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        deleted: true;
                        /** Format: uuid */
                        id: string;
                        ungroupedJobs: number;
                        ungroupedLigandSets: number;
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks jobs:write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such resource in your organisation (the message names which) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "projects-update": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "description": "Imatinib analogues against 1iep and 2hyy"
                 *     }
                 */
                "application/json": {
                    /** @description At most 2,000 characters */
                    description?: string;
                    /** @description 1–200 characters, one line; unique in the organisation */
                    name?: string;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        createdAt: string;
                        createdBy: string | null;
                        description: string;
                        /** Format: uuid */
                        id: string;
                        /** @description The project's jobs */
                        jobCount: number;
                        /** @description The project's ligand sets */
                        ligandSetCount: number;
                        name: string;
                        updatedAt: string;
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks jobs:write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such resource in your organisation (the message names which) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A project of that name exists in the organisation */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is over REQUEST_MAX_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "providers-list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        providers: {
                            allowedEmailDomains: string[];
                            autoProvision: boolean;
                            clientId: string;
                            /** @description where the server reads the client secret: the name of an environment variable OIDC_CLIENT_SECRET_<ORG> or OIDC_CLIENT_SECRET_<ORG>__<NAME>, where <ORG> is the organisation's slug in capitals with dashes as underscores (e.g. OIDC_CLIENT_SECRET_ACME_LABS__ENTRA for acme-labs), or file:<name> of a file in the server’s OIDC_SECRETS_DIR/<organisation slug>/; never the secret itself */
                            clientSecretRef: string | null;
                            defaultRole: string;
                            displayName: string;
                            enabled: boolean;
                            /** Format: uuid */
                            id: string;
                            issuer: string;
                            /** @description where users start signing in through this provider */
                            loginUrl: string;
                        }[];
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks providers:manage */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "providers-create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "displayName": "Example SSO",
                 *       "issuer": "https://login.example.org",
                 *       "clientId": "mad-dashboard",
                 *       "clientSecretRef": "OIDC_CLIENT_SECRET_EXAMPLE",
                 *       "allowedEmailDomains": [
                 *         "example.org"
                 *       ],
                 *       "defaultRole": "viewer"
                 *     }
                 */
                "application/json": {
                    allowedEmailDomains?: string[];
                    /**
                     * @description first sign-in makes the person a member with the default role
                     * @default false
                     */
                    autoProvision?: boolean;
                    clientId: string;
                    /** @default null */
                    clientSecretRef?: string | null;
                    /** @default viewer */
                    defaultRole?: string;
                    displayName: string;
                    /** @default true */
                    enabled?: boolean;
                    /**
                     * Format: uri
                     * @description the issuer identifier; its /.well-known/openid-configuration is discovered
                     */
                    issuer: string;
                };
            };
        };
        responses: {
            /** @description Created: the registered provider */
            201: {
                headers: {
                    /** @description The provider: PATCH /api/v1/providers/{providerId} */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        allowedEmailDomains: string[];
                        autoProvision: boolean;
                        clientId: string;
                        /** @description where the server reads the client secret: the name of an environment variable OIDC_CLIENT_SECRET_<ORG> or OIDC_CLIENT_SECRET_<ORG>__<NAME>, where <ORG> is the organisation's slug in capitals with dashes as underscores (e.g. OIDC_CLIENT_SECRET_ACME_LABS__ENTRA for acme-labs), or file:<name> of a file in the server’s OIDC_SECRETS_DIR/<organisation slug>/; never the secret itself */
                        clientSecretRef: string | null;
                        defaultRole: string;
                        displayName: string;
                        enabled: boolean;
                        /** Format: uuid */
                        id: string;
                        issuer: string;
                        /** @description where users start signing in through this provider */
                        loginUrl: string;
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks providers:manage */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description This issuer and client id are registered already */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is over REQUEST_MAX_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "providers-update": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                providerId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "enabled": false
                 *     }
                 */
                "application/json": {
                    allowedEmailDomains?: string[];
                    /** @description first sign-in makes the person a member with the default role */
                    autoProvision?: boolean;
                    clientId?: string;
                    clientSecretRef?: string | null;
                    defaultRole?: string;
                    displayName?: string;
                    enabled?: boolean;
                    /**
                     * Format: uri
                     * @description the issuer identifier; its /.well-known/openid-configuration is discovered
                     */
                    issuer?: string;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        allowedEmailDomains: string[];
                        autoProvision: boolean;
                        clientId: string;
                        /** @description where the server reads the client secret: the name of an environment variable OIDC_CLIENT_SECRET_<ORG> or OIDC_CLIENT_SECRET_<ORG>__<NAME>, where <ORG> is the organisation's slug in capitals with dashes as underscores (e.g. OIDC_CLIENT_SECRET_ACME_LABS__ENTRA for acme-labs), or file:<name> of a file in the server’s OIDC_SECRETS_DIR/<organisation slug>/; never the secret itself */
                        clientSecretRef: string | null;
                        defaultRole: string;
                        displayName: string;
                        enabled: boolean;
                        /** Format: uuid */
                        id: string;
                        issuer: string;
                        /** @description where users start signing in through this provider */
                        loginUrl: string;
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks providers:manage */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such resource in your organisation (the message names which) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is over REQUEST_MAX_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "tokens-list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        tokens: {
                            /** @description ISO 8601 */
                            createdAt: string;
                            expiresAt: string | null;
                            /** Format: uuid */
                            id: string;
                            lastUsedAt: string | null;
                            name: string;
                            ownerEmail: string;
                            /** @description the first characters of the token, to recognise it */
                            prefix: string;
                            revokedAt: string | null;
                            role: string;
                        }[];
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks tokens:manage */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "tokens-create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "nightly screening script",
                 *       "role": "member",
                 *       "expiresInDays": 90
                 *     }
                 */
                "application/json": {
                    /** @description omit for a token that does not expire */
                    expiresInDays?: number;
                    /** @description what the token is for, e.g. "nightly screening CI" */
                    name: string;
                    /** @description defaults to your own role; never above it */
                    role?: string;
                };
            };
        };
        responses: {
            /** @description Created: the token, its secret shown only now */
            201: {
                headers: {
                    /** @description The token: DELETE /api/v1/tokens/{tokenId} revokes it */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        expiresAt: string | null;
                        /** Format: uuid */
                        id: string;
                        prefix: string;
                        role: string;
                        /** @description shown only now: store it, it cannot be read again */
                        token: string;
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks tokens:manage */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is over REQUEST_MAX_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "tokens-revoke": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tokenId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        revoked: true;
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks tokens:manage */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such resource in your organisation (the message names which) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "system-version": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        apiVersion: "v1";
                        name: string;
                        version: string;
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "webhooks-list": {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Pass as cursor for the next page; null on the last page */
                        nextCursor: string | null;
                        /** @description The organisation's webhooks, over every page */
                        total: number;
                        webhooks: {
                            active: boolean;
                            createdAt: string;
                            description: string;
                            events: ("job.completed" | "job.failed" | "job.cancelled")[];
                            /** Format: uuid */
                            id: string;
                            /** @description until when deliveries are also signed with the secret the last rotation replaced (a second v1= in X-MAD-Signature); null: only the current secret signs */
                            previousSecretExpiresAt: string | null;
                            /** @description when the secret was last rotated; null: never */
                            secretRotatedAt: string | null;
                            updatedAt: string;
                            url: string;
                        }[];
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks webhooks:manage */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "webhooks-create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "url": "https://hooks.example.org/mad",
                 *       "events": [
                 *         "job.completed",
                 *         "job.failed"
                 *       ],
                 *       "description": "screening pipeline"
                 *     }
                 */
                "application/json": {
                    /** @default true */
                    active?: boolean;
                    /**
                     * @description what the webhook is for
                     * @default
                     */
                    description?: string;
                    /**
                     * @description job.completed, job.failed, job.cancelled: the final statuses this webhook is told of
                     * @default [
                     *       "job.completed",
                     *       "job.failed"
                     *     ]
                     */
                    events?: ("job.completed" | "job.failed" | "job.cancelled")[];
                    /**
                     * Format: uri
                     * @description where the server POSTs the events: https (http only outside production); no private addresses
                     */
                    url: string;
                };
            };
        };
        responses: {
            /** @description Created: the webhook, its signing secret shown only now */
            201: {
                headers: {
                    /** @description The webhook: GET, PATCH or DELETE /api/v1/webhooks/{webhookId} */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        active: boolean;
                        createdAt: string;
                        description: string;
                        events: ("job.completed" | "job.failed" | "job.cancelled")[];
                        /** Format: uuid */
                        id: string;
                        /** @description until when deliveries are also signed with the secret the last rotation replaced (a second v1= in X-MAD-Signature); null: only the current secret signs */
                        previousSecretExpiresAt: string | null;
                        /** @description the HMAC-SHA256 key of X-MAD-Signature, shown only now: store it, it cannot be read again */
                        secret: string;
                        /** @description when the secret was last rotated; null: never */
                        secretRotatedAt: string | null;
                        updatedAt: string;
                        url: string;
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks webhooks:manage */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is over REQUEST_MAX_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "webhooks-get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhookId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        active: boolean;
                        createdAt: string;
                        description: string;
                        events: ("job.completed" | "job.failed" | "job.cancelled")[];
                        /** Format: uuid */
                        id: string;
                        /** @description until when deliveries are also signed with the secret the last rotation replaced (a second v1= in X-MAD-Signature); null: only the current secret signs */
                        previousSecretExpiresAt: string | null;
                        /** @description when the secret was last rotated; null: never */
                        secretRotatedAt: string | null;
                        updatedAt: string;
                        url: string;
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks webhooks:manage */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such resource in your organisation (the message names which) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "webhooks-delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhookId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        deleted: true;
                        /** Format: uuid */
                        id: string;
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks webhooks:manage */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such resource in your organisation (the message names which) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "webhooks-update": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhookId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "active": false
                 *     }
                 */
                "application/json": {
                    /** @description false: no new deliveries are enqueued, pending ones are not sent */
                    active?: boolean;
                    /** @description what the webhook is for */
                    description?: string;
                    /** @description job.completed, job.failed, job.cancelled: the final statuses this webhook is told of */
                    events?: ("job.completed" | "job.failed" | "job.cancelled")[];
                    /**
                     * Format: uri
                     * @description where the server POSTs the events: https (http only outside production); no private addresses
                     */
                    url?: string;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        active: boolean;
                        createdAt: string;
                        description: string;
                        events: ("job.completed" | "job.failed" | "job.cancelled")[];
                        /** Format: uuid */
                        id: string;
                        /** @description until when deliveries are also signed with the secret the last rotation replaced (a second v1= in X-MAD-Signature); null: only the current secret signs */
                        previousSecretExpiresAt: string | null;
                        /** @description when the secret was last rotated; null: never */
                        secretRotatedAt: string | null;
                        updatedAt: string;
                        url: string;
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks webhooks:manage */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such resource in your organisation (the message names which) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is over REQUEST_MAX_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "webhooks-deliveries": {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                status?: "pending" | "delivered" | "failed";
            };
            header?: never;
            path: {
                webhookId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        deliveries: {
                            attemptLog: {
                                /** @description ISO 8601: when the attempt started */
                                at: string;
                                attempt: number;
                                durationMs: number;
                                /** @description why the attempt failed (timeout, refused address, a non-2xx status…) */
                                error: string | null;
                                /** @description the receiver's HTTP status; null when none came */
                                statusCode: number | null;
                            }[];
                            attempts: number;
                            createdAt: string;
                            deliveredAt: string | null;
                            /** @enum {string} */
                            event: "job.completed" | "job.failed" | "job.cancelled" | "webhook.test";
                            /**
                             * Format: uuid
                             * @description also the X-MAD-Delivery header: the same on every attempt, for receivers to deduplicate
                             */
                            id: string;
                            jobId: string | null;
                            lastError: string | null;
                            lastStatusCode: number | null;
                            /** @description when the next attempt is due; null once delivered or failed */
                            nextAttemptAt: string | null;
                            payload: {
                                /** @enum {string} */
                                event: "job.completed" | "job.failed" | "job.cancelled" | "webhook.test";
                                /** @description null for a test delivery */
                                job: {
                                    createdAt: string;
                                    error: string | null;
                                    finishedAt: string | null;
                                    /** Format: uuid */
                                    jobId: string;
                                    ligands: {
                                        cancelled: number;
                                        failed: number;
                                        succeeded: number;
                                        total: number;
                                    };
                                    /**
                                     * @description The docking engine: vina, smina or gnina
                                     * @enum {string}
                                     */
                                    pipeline: "vina" | "smina" | "gnina";
                                    /** @enum {string} */
                                    status: "PENDING" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELLED";
                                    /** @description the best docked ligand (lowest affinity); null when none docked */
                                    topAffinity: {
                                        affinityKcalMol: number;
                                        ligandId: string;
                                        name: string | null;
                                    } | null;
                                } | null;
                                /** @description REST resources of the job: job, status, results, events */
                                links: {
                                    [key: string]: string;
                                };
                                /** @description ISO 8601: when the job became final (or the test was asked for) */
                                occurredAt: string;
                            };
                            /** @enum {string} */
                            status: "pending" | "delivered" | "failed";
                            /** Format: uuid */
                            webhookId: string;
                        }[];
                        /** @description Pass as cursor for the next page; null on the last page */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks webhooks:manage */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such resource in your organisation (the message names which) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "webhooks-rotateSecret": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhookId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        active: boolean;
                        createdAt: string;
                        description: string;
                        events: ("job.completed" | "job.failed" | "job.cancelled")[];
                        /** Format: uuid */
                        id: string;
                        /** @description until when deliveries are also signed with the secret the last rotation replaced (a second v1= in X-MAD-Signature); null: only the current secret signs */
                        previousSecretExpiresAt: string | null;
                        /** @description the new HMAC-SHA256 key of X-MAD-Signature, shown only now; the previous one keeps signing too until previousSecretExpiresAt */
                        secret: string;
                        /** @description when the secret was last rotated; null: never */
                        secretRotatedAt: string | null;
                        updatedAt: string;
                        url: string;
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks webhooks:manage */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such resource in your organisation (the message names which) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is over REQUEST_MAX_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "webhooks-test": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhookId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Accepted: the test delivery is queued */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * Format: uuid
                         * @description its X-MAD-Delivery; its attempts appear in the delivery log
                         */
                        deliveryId: string;
                    };
                };
            };
            /** @description The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not signed in: no token, or an unknown, expired or revoked one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role lacks webhooks:manage */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such resource in your organisation (the message names which) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The webhook is not active */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is over REQUEST_MAX_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected failure (logged with the request id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
