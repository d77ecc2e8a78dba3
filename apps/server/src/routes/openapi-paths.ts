// The express routes beside the REST bridge, described by hand for GET /api/v1/openapi.json (trpc-to-openapi cannot
// express multipart bodies or redirects).
// Error responses name only what the status means here: completeOpenApiDocument (@mad/api) gives them the one error body.
import { z } from 'zod';
import { MoleculeProperties, SourceFormat } from '@mad/domain';

/** The molecules' `properties` as GET /api/v1/molecules/{moleculeId} answers them (the same zod schema). */
const { $schema: _dialect, ...moleculeProperties } = z.toJSONSchema(MoleculeProperties, { io: 'output' });

const error = (description: string) => ({ description });

const uploadResult = {
  type: 'object',
  required: ['molecules', 'errors'],
  properties: {
    molecules: {
      type: 'array',
      items: {
        type: 'object',
        description:
          'One stored or found-again molecule with its `properties` (ligand descriptors or receptor facts), the shape every read answers. The same properties are also spread at the top level: deprecated, kept for scripts written before (gone in /api/v2).',
        required: [
          'id',
          'artifactId',
          'kind',
          'name',
          'sourceFormat',
          'formula',
          'properties',
          'deduplicated',
          'file',
          'record',
        ],
        additionalProperties: true,
        properties: {
          id: { type: 'string', format: 'uuid' },
          artifactId: {
            type: 'string',
            format: 'uuid',
            description: 'The record’s own file: GET /api/v1/artifacts/{artifactId}',
          },
          uploadArtifactId: {
            type: ['string', 'null'],
            format: 'uuid',
            description: 'The whole multi-record file it came from',
          },
          kind: { type: 'string', enum: ['receptor', 'ligand'] },
          name: { type: 'string' },
          sourceFormat: { type: 'string', enum: SourceFormat.options },
          formula: {
            type: ['string', 'null'],
            description: 'Neutral parent (InChI formula layer); formulaAsGiven keeps the uploaded protonation',
          },
          canonicalSmiles: { type: ['string', 'null'] },
          inchikey: { type: ['string', 'null'] },
          properties: moleculeProperties,
          file: { type: ['string', 'null'] },
          record: { type: 'integer' },
          deduplicated: {
            type: 'boolean',
            description:
              'true when the organisation already had this molecule (same bytes, or for ligands the same InChIKey)',
          },
        },
      },
    },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['file', 'record', 'line', 'reason'],
        properties: {
          file: { type: ['string', 'null'] },
          record: { type: 'integer', description: '1-based record in the file; 0 for the file as a whole' },
          line: { type: ['integer', 'null'] },
          position: { type: 'integer', description: 'SMILES character position (1-based) where RDKit names one' },
          reason: { type: 'string' },
        },
      },
    },
  },
};

export const moleculesOpenApiPaths = {
  '/v1/molecules/upload': {
    post: {
      operationId: 'molecules-upload',
      tags: ['molecules'],
      summary: 'Upload receptors or ligands (multipart files, or JSON with pasted SMILES)',
      description:
        'Receptors: PDB, PDBQT. Ligands: SDF (many records), MOL2, PDBQT, PDB, SMILES (.smi/.csv/.tsv lists with names). Each record is analysed (RDKit, Open Babel), deduplicated within the organisation and stored. Bad records are listed in `errors` and the good ones stored, unless allOrNothing.',
      security: [{ Authorization: [] }],
      requestBody: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: {
              type: 'object',
              required: ['kind', 'files'],
              properties: {
                kind: { type: 'string', enum: ['receptor', 'ligand'] },
                allOrNothing: { type: 'boolean', default: false },
                files: { type: 'array', items: { type: 'string', format: 'binary' } },
                smiles: { type: 'string', description: 'Optional: "SMILES name" per line' },
              },
            },
          },
          'application/json': {
            example: { kind: 'ligand', smiles: [{ smiles: 'CC(=O)Oc1ccccc1C(=O)O', name: 'aspirin' }, 'CCO ethanol'] },
            schema: {
              type: 'object',
              required: ['kind'],
              properties: {
                kind: { type: 'string', enum: ['receptor', 'ligand'] },
                allOrNothing: { type: 'boolean', default: false },
                smiles: {
                  oneOf: [
                    { type: 'string' },
                    {
                      type: 'array',
                      items: {
                        oneOf: [
                          { type: 'string' },
                          {
                            type: 'object',
                            required: ['smiles'],
                            properties: { smiles: { type: 'string' }, name: { type: 'string' } },
                          },
                        ],
                      },
                    },
                  ],
                },
                files: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['name', 'content'],
                    properties: {
                      name: { type: 'string' },
                      content: { type: 'string' },
                      encoding: { type: 'string', enum: ['utf8', 'base64'] },
                    },
                  },
                },
              },
            },
          },
        },
      },
      responses: {
        '201': { description: 'Something new was stored', content: { 'application/json': { schema: uploadResult } } },
        '200': {
          description: 'Every molecule was already stored (all deduplicated)',
          content: { 'application/json': { schema: uploadResult } },
        },
        '422': {
          description: 'Every record failed (or allOrNothing and one failed): nothing stored',
          content: { 'application/json': { schema: uploadResult } },
        },
        '400': error(
          'Malformed request (no files, bad kind, unreadable or truncated multipart or JSON, a query parameter: the error names it)',
        ),
        '401': error('Not signed in'),
        '403': error('The role lacks molecules:write'),
        '413': error(
          'A file over UPLOAD_MAX_BYTES, more than UPLOAD_MAX_FILES files, a form field over 64 KiB, or a body over REQUEST_MAX_BYTES',
        ),
      },
    },
  },
  '/v1/artifacts/{artifactId}': {
    get: {
      operationId: 'artifacts-download',
      tags: ['molecules'],
      summary: 'Download a stored file: 302 to a short-lived presigned URL',
      security: [{ Authorization: [] }],
      parameters: [{ name: 'artifactId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      responses: {
        '302': {
          description: 'Redirect to a presigned GET (lifetime ARTIFACT_LINK_SECONDS)',
          headers: { Location: { schema: { type: 'string', format: 'uri' } } },
        },
        '400': error('A query parameter (the route takes none; the error names it)'),
        '401': error('Not signed in'),
        '403': error('The role lacks molecules:read'),
        '404': error('No such artifact in your organisation'),
      },
    },
  },
} as const;
