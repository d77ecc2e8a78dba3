// POST /api/v1/molecules/upload: multipart/form-data (one or more files, kind, optional allOrNothing) or JSON
// (pasted SMILES, or files as text/base64). Files are read into memory up to UPLOAD_MAX_BYTES each and
// UPLOAD_MAX_FILES per request (the whole body is bounded by REQUEST_MAX_BYTES in front of every route); over a
// limit the answer is 413 at once and nothing is stored. A body that ends early or breaks its framing is a 400 for
// this request only. The chemistry and storage are importMolecules' (@mad/domain), as for tRPC.
import type { Request, RequestHandler } from 'express';
import busboy from 'busboy';
import { z } from 'zod';
import {
  apiError,
  isAppError,
  checkAccess,
  importMolecules,
  storageOf,
  inputError,
  refuseControlCharacters,
  refuseUnknownKeys,
  smilesOf,
  uploadRequestOf,
  uploadStatus,
  UploadJsonInput,
  DEFAULT_UPLOAD_LIMITS,
  AppError,
  closestKey,
  type Principal,
  type Services,
  type UploadRequest,
} from '@mad/api';
import { sendApiError } from './http-errors.js';
import { bodyOverLimit, refuseRestOfBody } from '../http/body-limit.js';

export const UPLOAD_PATH = '/api/v1/molecules/upload';
export const DEFAULT_UPLOAD_MAX_FILES = 100;
const MAX_FIELDS = 20;
const MAX_FIELD_BYTES = 64 * 1024;

interface MultipartUpload {
  fields: Record<string, string>;
  files: { name: string; bytes: Buffer }[];
}

const unreadable = (reason: string) => apiError('BAD_REQUEST', `unreadable multipart request: ${reason}`);

/**
 * Reads a multipart body: fields and whole files. Settles once: with the upload, a 413 (a file, field or count over
 * its limit, at the moment it happens) or a 400 (the body breaks off or is malformed); every stream's errors are
 * handled here, so a broken body can only fail its own request.
 */
function readMultipart(req: Request, limits: { maxBytes: number; maxFiles: number }): Promise<MultipartUpload> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      // preservePath: we want to see "../x" in a file name to refuse it, not have it silently cut to "x".
      parser = busboy({
        headers: req.headers,
        preservePath: true,
        defParamCharset: 'utf8',
        limits: {
          fileSize: limits.maxBytes,
          files: limits.maxFiles,
          fields: MAX_FIELDS,
          fieldSize: MAX_FIELD_BYTES,
          parts: limits.maxFiles + MAX_FIELDS,
        },
      });
    } catch (error) {
      reject(unreadable(error instanceof Error ? error.message : String(error)));
      return;
    }
    const upload: MultipartUpload = { fields: {}, files: [] };
    let settled = false;
    const settle = (error: AppError | null) => {
      if (settled) return;
      settled = true;
      req.off('close', onClose);
      if (error) {
        req.unpipe(parser);
        parser.removeAllListeners('file');
        parser.removeAllListeners('field');
        reject(error);
      } else {
        resolve(upload);
      }
    };
    const tooLarge = (message: string) => settle(apiError('PAYLOAD_TOO_LARGE', `${message}; nothing was stored`));
    const onClose = () => {
      if (!req.complete) settle(unreadable('the request was aborted before its body ended'));
    };
    req.on('close', onClose);
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated)
        return tooLarge(`the form field "${name.slice(0, 50)}" is larger than ${MAX_FIELD_BYTES} bytes`);
      upload.fields[name] = value;
    });
    parser.on('file', (_field, stream, info) => {
      const chunks: Buffer[] = [];
      // A body that ends inside a file part errors this stream as well as the parser: the parser's error answers.
      stream.on('error', () => undefined);
      stream.on('data', (chunk: Buffer) => {
        if (!settled) chunks.push(chunk);
      });
      stream.on('limit', () =>
        tooLarge(
          `file "${info.filename ?? '(unnamed)'}" is larger than the limit of ${limits.maxBytes} bytes (UPLOAD_MAX_BYTES)`,
        ),
      );
      stream.on('end', () => {
        if (!stream.truncated && !settled)
          upload.files.push({ name: info.filename ?? '', bytes: Buffer.concat(chunks) });
      });
    });
    parser.on('filesLimit', () =>
      tooLarge(`more than ${limits.maxFiles} files in one request (UPLOAD_MAX_FILES); send them in several requests`),
    );
    parser.on('fieldsLimit', () => tooLarge(`more than ${MAX_FIELDS} form fields in one request`));
    parser.on('partsLimit', () => tooLarge(`more than ${limits.maxFiles + MAX_FIELDS} parts in one request`));
    // busboy refuses raw control characters in part headers (HTTP forbids them): the whole request is malformed.
    parser.on('error', (error: Error) =>
      settle(
        unreadable(
          /control|header/i.test(error.message)
            ? `${error.message} (control characters in a file name must be encoded as filename*=UTF-8''…)`
            : `${error.message} (the body ended before the closing boundary, or its parts are malformed)`,
        ),
      ),
    );
    parser.on('close', () => settle(null));
    req.pipe(parser);
  });
}

const Flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** The form fields of a multipart upload besides its files (`files`); any other is a 400 naming it. */
const FORM_FIELDS = ['kind', 'allOrNothing', 'smiles'];

function unknownFormField(name: string): string {
  const meant = closestKey(name, [...FORM_FIELDS, 'files']);
  return `${name} is not a parameter; ${meant ? `did you mean ${meant}?` : `expected: ${FORM_FIELDS.join(', ')} and files`}`;
}

export interface UploadRouteOptions {
  /** Files per multipart request (UPLOAD_MAX_FILES). */
  maxFiles: number;
}

export function moleculesUploadRoute(
  services: Services,
  authenticate: (req: Request) => Promise<Principal | null>,
  options: UploadRouteOptions = { maxFiles: DEFAULT_UPLOAD_MAX_FILES },
): RequestHandler {
  const limits = services.uploadLimits ?? DEFAULT_UPLOAD_LIMITS;
  return async (req, res) => {
    try {
      const principal = checkAccess(await authenticate(req), 'molecules:write');
      refuseUnknownKeys(req.query, []); // everything is in the body
      const deps = { db: services.db, storage: storageOf(services) };
      let request: UploadRequest;
      if (req.is('application/json')) {
        const body = await readJson(req);
        refuseControlCharacters(body);
        const parsed = UploadJsonInput.safeParse(body);
        if (!parsed.success) throw inputError(parsed.error);
        request = uploadRequestOf(parsed.data, limits);
      } else if (req.is('multipart/form-data')) {
        const upload = await readMultipart(req, { maxBytes: limits.maxBytes, maxFiles: options.maxFiles });
        refuseControlCharacters(upload.fields);
        const unknown = Object.keys(upload.fields).find((name) => !FORM_FIELDS.includes(name));
        if (unknown !== undefined) throw new AppError('BAD_REQUEST', unknownFormField(unknown), { field: [unknown] });
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
          ...(smiles ? { smiles: smilesOf(smiles) } : {}),
        };
      } else {
        throw apiError('BAD_REQUEST', 'send multipart/form-data (files) or application/json (SMILES)');
      }
      const result = await importMolecules(deps, principal, request, limits);
      res.status(uploadStatus(result)).json(result);
    } catch (error) {
      if (res.headersSent || bodyOverLimit(req)) return;
      if (isAppError(error) && error.code === 'PAYLOAD_TOO_LARGE')
        return refuseRestOfBody(req, res, { code: error.code, message: error.message });
      sendApiError(req, res, error);
      // The rest of a body we stopped reading (malformed, or refused before reading) is drained, not buffered.
      req.resume();
    }
  };
}

/** Reads a JSON body (its size is bounded by REQUEST_MAX_BYTES in front of every route). A syntax error is a 400. */
async function readJson(req: Request): Promise<unknown> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  } catch {
    throw apiError('BAD_REQUEST', 'the request was aborted before its body ended');
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw apiError(
      'BAD_REQUEST',
      `the body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
