// POST /api/v1/molecules/upload: multipart/form-data (one or more files, kind, optional allOrNothing) or JSON
// (pasted SMILES, or files as text/base64). Files are read into memory up to UPLOAD_MAX_BYTES each; a bigger file
// answers 413 and nothing is stored. The chemistry and storage are importMolecules' (packages/api), as for tRPC.
import type { Request, RequestHandler, Response } from 'express';
import busboy from 'busboy';
import { z } from 'zod';
import {
  apiError,
  checkAccess,
  importMolecules,
  storageOf,
  uploadRequestOf,
  uploadStatus,
  UploadJsonInput,
  DEFAULT_UPLOAD_LIMITS,
  type Principal,
  type Services,
  type UploadRequest,
} from '@mad/api';
import { sendApiError } from './http-errors.js';

export const UPLOAD_PATH = '/api/v1/molecules/upload';
const MAX_FILES = 1_000;
/** A request body beyond this is refused before reading it; between the limits the body is drained, then refused. */
const drainFactor = 4;

interface MultipartUpload {
  fields: Record<string, string>;
  files: { name: string; bytes: Buffer }[];
  tooLarge: string | null;
  tooMany: boolean;
}

function readMultipart(req: Request, maxBytes: number): Promise<MultipartUpload> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      // preservePath: we want to see "../x" in a file name to refuse it, not have it silently cut to "x".
      parser = busboy({
        headers: req.headers,
        preservePath: true,
        defParamCharset: 'utf8',
        limits: { fileSize: maxBytes, files: MAX_FILES, fields: 20, fieldSize: 64 * 1024 },
      });
    } catch (error) {
      reject(
        apiError(
          'BAD_REQUEST',
          `unreadable multipart request: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
      return;
    }
    const upload: MultipartUpload = { fields: {}, files: [], tooLarge: null, tooMany: false };
    parser.on('field', (name, value) => {
      upload.fields[name] = value;
    });
    parser.on('file', (_field, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => {
        upload.tooLarge ??= info.filename ?? '(unnamed)';
      });
      stream.on('end', () => {
        if (!stream.truncated) upload.files.push({ name: info.filename ?? '', bytes: Buffer.concat(chunks) });
      });
    });
    parser.on('filesLimit', () => {
      upload.tooMany = true;
    });
    // busboy refuses raw control characters in part headers (HTTP forbids them): the whole request is malformed.
    parser.on('error', (error: Error) =>
      reject(
        apiError(
          'BAD_REQUEST',
          `unreadable multipart request: ${error.message} (control characters in a file name must be encoded as filename*=UTF-8''…)`,
        ),
      ),
    );
    parser.on('close', () => resolve(upload));
    req.pipe(parser);
  });
}

const Flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

function tooLarge(res: Response, message: string) {
  res.status(413).json({ code: 'PAYLOAD_TOO_LARGE', message });
}

export function moleculesUploadRoute(
  services: Services,
  authenticate: (req: Request) => Promise<Principal | null>,
): RequestHandler {
  const limits = services.uploadLimits ?? DEFAULT_UPLOAD_LIMITS;
  return async (req, res) => {
    try {
      const principal = checkAccess(await authenticate(req), 'molecules:write');
      const deps = { db: services.db, storage: storageOf(services) };
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > limits.maxBytes * drainFactor + 1024 * 1024) {
        res.setHeader('connection', 'close');
        tooLarge(
          res,
          `the request is ${declared} bytes; each file may be at most ${limits.maxBytes} bytes (UPLOAD_MAX_BYTES)`,
        );
        req.resume();
        return;
      }
      let request: UploadRequest;
      if (req.is('application/json')) {
        const body = await readJson(req, limits.maxBytes * 2 + 64 * 1024);
        if (body === null)
          return tooLarge(
            res,
            `the JSON body is larger than the limit of ${limits.maxBytes} bytes per file (UPLOAD_MAX_BYTES)`,
          );
        const parsed = UploadJsonInput.safeParse(body);
        if (!parsed.success)
          throw apiError(
            'BAD_REQUEST',
            `invalid upload: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`,
          );
        request = uploadRequestOf(parsed.data, limits);
      } else if (req.is('multipart/form-data')) {
        const upload = await readMultipart(req, limits.maxBytes);
        if (upload.tooLarge !== null)
          return tooLarge(
            res,
            `file "${upload.tooLarge}" is larger than the limit of ${limits.maxBytes} bytes (UPLOAD_MAX_BYTES); nothing was stored`,
          );
        if (upload.tooMany) throw apiError('BAD_REQUEST', `more than ${MAX_FILES} files in one request`);
        const kind = z.enum(['receptor', 'ligand']).safeParse(upload.fields.kind);
        if (!kind.success) throw apiError('BAD_REQUEST', 'the form field "kind" must be "receptor" or "ligand"');
        const allOrNothing = Flag.safeParse(upload.fields.allOrNothing?.toLowerCase());
        if (!allOrNothing.success) throw apiError('BAD_REQUEST', 'the form field "allOrNothing" must be true or false');
        const smiles = upload.fields.smiles?.trim();
        if (upload.files.length === 0 && !smiles)
          throw apiError(
            'BAD_REQUEST',
            'no files: send one or more files in multipart/form-data (or a "smiles" field)',
          );
        request = {
          kind: kind.data,
          allOrNothing: allOrNothing.data,
          files: upload.files,
          ...(smiles
            ? {
                smiles: smiles
                  .split('\n')
                  .filter((l) => l.trim())
                  .map((l) => ({
                    smiles: l.trim().split(/\s+/)[0] ?? '',
                    name: l.trim().split(/\s+/).slice(1).join(' ') || null,
                  })),
              }
            : {}),
        };
      } else {
        throw apiError('BAD_REQUEST', 'send multipart/form-data (files) or application/json (SMILES)');
      }
      const result = await importMolecules(deps, principal, request, limits);
      res.status(uploadStatus(result)).json(result);
    } catch (error) {
      if (!res.headersSent) sendApiError(req, res, error);
      req.resume();
    }
  };
}

/** Reads a JSON body up to maxBytes; null when it is larger. A syntax error is a 400. */
async function readJson(req: Request, maxBytes: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  let over = false;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) over = true;
    if (!over) chunks.push(chunk);
  }
  if (over) return null;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw apiError(
      'BAD_REQUEST',
      `the body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
