// Uploads go to the REST multipart route (the browser streams files; tRPC carries JSON only).
import { csrfHeaders } from './csrf.js';

export type KindChoice = 'auto' | 'receptor' | 'ligand';

/** Receptors come as PDB or PDBQT; everything else (SDF, MOL2, SMILES) is a ligand library. */
export function kindOfFile(fileName: string, choice: KindChoice): 'receptor' | 'ligand' {
  if (choice !== 'auto') return choice;
  return /\.(pdb|pdbqt|ent)$/i.test(fileName) ? 'receptor' : 'ligand';
}

export interface UploadOutcome {
  file: string;
  ok: boolean;
  status: number;
  /** The server's JSON answer (created molecules, per-record errors), or its error message. */
  body: unknown;
}

export async function uploadMoleculeFile(file: File, fields: Record<string, string> = {}): Promise<UploadOutcome> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', file, file.name);
  try {
    const response = await fetch('/api/v1/molecules/upload', {
      method: 'POST',
      body: form,
      headers: csrfHeaders(),
      credentials: 'same-origin',
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text as the message
    }
    return { file: file.name, ok: response.ok, status: response.status, body };
  } catch (error) {
    return {
      file: file.name,
      ok: false,
      status: 0,
      body: { message: error instanceof Error ? error.message : String(error) },
    };
  }
}

/** A structure file's text through the artifact route (a 302 to a presigned S3 URL, which allows CORS GET). */
export async function fetchArtifactText(artifactId: string): Promise<string> {
  const response = await fetch(`/api/v1/artifacts/${encodeURIComponent(artifactId)}`, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`artifact ${artifactId}: HTTP ${response.status}`);
  return response.text();
}
