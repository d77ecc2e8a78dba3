// The state of the new-job form, one hook a part: the inputs (receptor, library ligands, pasted SMILES), the binding
// site (reference ligand, HETATM group, box and how it fits the receptor), the re-run that fills the form from a
// previous job, and the submission (estimate, problems, jobs.create). NewJobPage wires them to new-job-parts.tsx.
import { useEffect, useMemo, useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { boxAroundCoordinates, boxReceptorFit, boxVolumeAngstrom3, type BindingBox } from '@mad/chem/box';
import { errorCode, trpc, trpcClient } from '../trpc.js';
import { navigate } from '../router.js';
import type { Structure } from '../viewer/MoleculeViewer.js';
import { useArtifactText } from '../lib/useStructureText.js';
import { parsePdbAtoms, parseSdf, receptorFormatOf, type ResidueAtom } from '../lib/structure.js';
import { estimateWork } from '../lib/estimate.js';
import { useLiveAgents } from '../live.js';
import { jobLimitProblems, useOrgQuotas } from './quotas.js';
import { DEFAULT_PARAMS, type Engine, type JobParams } from './new-job-parts.js';

export interface MoleculeChoice {
  id: string;
  name: string;
  artifactId: string;
  sourceFormat: string;
}

/** The receptor, the library ligands and the pasted SMILES (one "SMILES name" a line, # comments). */
export function useJobInputs(initialReceptorId: string) {
  const [receptorId, setReceptorId] = useState(initialReceptorId);
  const [ligandIds, setLigandIds] = useState<string[]>([]);
  const [smiles, setSmiles] = useState('');
  // A saved ligand set (server-side selection): its members are docked, never listed in the browser.
  const [ligandSet, setLigandSet] = useState<{ id: string; name: string; count: number } | null>(null);
  const [projectId, setProjectId] = useState('');
  const pastedSmiles = smiles
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  return {
    receptorId,
    setReceptorId,
    ligandIds,
    setLigandIds,
    smiles,
    setSmiles,
    pastedSmiles,
    ligandSet,
    setLigandSet,
    projectId,
    setProjectId,
    ligandCount: ligandIds.length + pastedSmiles.length + (ligandSet?.count ?? 0),
  };
}
export type JobInputs = ReturnType<typeof useJobInputs>;

/**
 * Find library ligands by substructure or similarity (on Find: a half-typed SMILES is no query) and select every
 * match: "Select all matching" saves the search as a ligand set on the server (ligandSets.create: the whole library
 * is searched there), and the job docks that set by its id: 100,000 matches are never 100,000 ids in the page.
 */
export function useLigandSearch(setLigandSet: JobInputs['setLigandSet'], projectId: string) {
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [mode, setMode] = useState<'substructure' | 'similarity'>('substructure');
  const [threshold, setThreshold] = useState(0.7);
  const filter = mode === 'substructure' ? { substructure: query } : { similarTo: query, similarityMin: threshold };
  const [selecting, setSelecting] = useState<{ query: string; busy: boolean; count: number | null; error: unknown }>({
    query: '',
    busy: false,
    count: null,
    error: null,
  });
  const found = useQuery(
    trpc.molecules.list.queryOptions({ kind: 'ligand', ...filter, limit: 200 }, { enabled: query !== '' }),
  );
  const selectAll = () => {
    const searched = query;
    const name = mode === 'substructure' ? `substructure ${searched}` : `similar to ${searched} (≥ ${threshold})`;
    setSelecting({ query: searched, busy: true, count: null, error: null });
    trpcClient.ligandSets.create
      .mutate({
        name: name.slice(0, 200),
        ...(projectId ? { projectId } : {}),
        source: { kind: 'search', filter },
      })
      .then(
        (set) => {
          setLigandSet({ id: set.id, name: set.name, count: set.ligandCount });
          setSelecting({ query: searched, busy: false, count: set.ligandCount, error: null });
        },
        (error: unknown) => setSelecting({ query: searched, busy: false, count: null, error }),
      );
  };
  return {
    mode,
    setMode: (value: 'substructure' | 'similarity') => {
      setMode(value);
      setQuery('');
    },
    threshold,
    setThreshold,
    text,
    setText: (value: string) => {
      setText(value);
      if (value.trim() === '') setQuery('');
    },
    find: () => setQuery(text.trim()),
    query,
    /** The first page of matches (null: no search). */
    matches: query === '' ? null : (found.data?.molecules ?? null),
    more: Boolean(found.data?.nextCursor),
    pending: query !== '' && found.isPending,
    /** The server's refusal of the query (neither SMILES nor SMARTS), or another failure. */
    error: query !== '' ? found.error : null,
    badQuery: query !== '' && errorCode(found.error) === 'BAD_REQUEST',
    selectAll,
    selecting: selecting.query === query ? selecting : null,
  };
}
export type LigandSearch = ReturnType<typeof useLigandSearch>;

/** The binding site: where the box comes from, the box, and how it fits the receptor. */
export function useBindingSiteForm(receptor: MoleculeChoice | undefined, ligands: MoleculeChoice[]) {
  const [referenceId, setReferenceId] = useState('');
  const [hetGroup, setHetGroup] = useState('');
  const [box, setBox] = useState<BindingBox | null>(null);
  const site = useBindingSite(
    receptor,
    ligands.find((l) => l.id === referenceId),
  );
  const fit = useMemo(
    () => (box && site.receptorAtoms.length > 0 ? boxReceptorFit(box, site.receptorAtoms) : null),
    [box, site.receptorAtoms],
  );
  // A reference ligand chosen for the first time places the box around it, as chemists expect.
  useEffect(() => {
    if (site.referenceAtoms.length > 0 && !box) setBox(boxAroundCoordinates(site.referenceAtoms));
  }, [site.referenceAtoms, box]);
  return { referenceId, setReferenceId, hetGroup, setHetGroup, box, setBox, fit, site };
}
export type BindingSiteForm = ReturnType<typeof useBindingSiteForm>;

/** What the form sends: its parts as they stand. */
export interface JobDraft {
  engine: Engine;
  params: JobParams;
  inputs: JobInputs;
  box: BindingBox | null;
  fit: ReturnType<typeof boxReceptorFit> | null;
}

/** The estimate of the work, what stops the job being submitted, and the submission (to the job's page on success). */
export function useJobSubmission({ engine, params, inputs, box, fit }: JobDraft) {
  const agents = useQuery(trpc.agents.list.queryOptions(undefined, { staleTime: 0 }));
  const quotas = useOrgQuotas();
  useLiveAgents();
  const { ligandCount } = inputs;
  const engineAgents = (agents.data?.agents ?? []).filter(
    (a) => a.state === 'running' && a.engines.some((e) => e.name === engine),
  );
  const freeSlots = engineAgents.reduce((sum, a) => sum + Math.max(0, a.slots - a.busySlots), 0);
  const estimate = estimateWork(
    ligandCount,
    params.exhaustiveness,
    freeSlots,
    box ? boxVolumeAngstrom3(box) : undefined,
  );
  // What the job is called and notes on it (optional; the list shows the name and searches by it).
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const create = useMutation(
    trpc.jobs.create.mutationOptions({
      onSuccess: (job) => navigate(`/jobs/${job.jobId}`),
      // A refusal over a quota changes nothing, but the usage shown may be stale: read it again.
      onError: () => void quotas.refetch(),
    }),
  );
  const problems = [
    !inputs.receptorId && 'Pick a receptor.',
    ligandCount === 0 && 'Pick at least one ligand or paste SMILES.',
    !box && 'Define the binding box (from a reference ligand, a HETATM group, blind, or by numbers).',
    ...(fit?.errors.map((error) => `The binding box cannot be docked into: ${error}.`) ?? []),
    ...jobLimitProblems(quotas.data, ligandCount, box ? boxVolumeAngstrom3(box) : null, params.exhaustiveness),
  ].filter(Boolean) as string[];
  const submit = () => {
    if (problems.length > 0 || !box) return;
    create.mutate({
      pipelineId: engine,
      receptorId: inputs.receptorId,
      ligandIds: inputs.ligandIds,
      ...(inputs.ligandSet ? { ligandSetId: inputs.ligandSet.id } : {}),
      ...(inputs.projectId ? { projectId: inputs.projectId } : {}),
      ligands: inputs.pastedSmiles.map(parseSmilesLine),
      bindingSite: { mode: 'box', center: box.center, size: box.size },
      params,
      ...(name.trim() ? { name: name.trim() } : {}),
      ...(description.trim() ? { description: description.trim() } : {}),
    });
  };
  return {
    ligandCount,
    exhaustiveness: params.exhaustiveness,
    estimate,
    agentsLoading: agents.isPending,
    agentsWithEngine: engineAgents.length,
    quotas: quotas.data,
    problems,
    error: create.error,
    submitting: create.isPending,
    submit,
    name,
    setName,
    description,
    setDescription,
  };
}
export type JobSubmission = ReturnType<typeof useJobSubmission>;

export interface Rerun {
  receptorId: string;
  box: BindingBox;
  pipeline: Engine;
  params: Record<string, unknown>;
  ligandIds: string[];
  /** The previous job's pasted SMILES, one "SMILES name" per line. */
  smiles: string;
}

/** Re-run with changes: once the previous job and its ligands are read, the form starts from them. */
export function useRerunFrom(fromJobId: string | null, apply: (job: Rerun) => void) {
  const previous = useQuery(trpc.jobs.status.queryOptions({ jobId: fromJobId ?? '' }, { enabled: Boolean(fromJobId) }));
  const previousLigands = useQuery(
    trpc.jobs.results.queryOptions(
      { jobId: fromJobId ?? '', sort: 'ordinal', limit: 500 },
      { enabled: Boolean(fromJobId) },
    ),
  );
  useEffect(() => {
    const job = previous.data;
    const ligands = previousLigands.data?.ligands;
    if (!job || !ligands) return;
    apply({
      receptorId: job.receptorId,
      box: job.box,
      pipeline: job.pipeline,
      params: job.params,
      ligandIds: ligands.flatMap((l) => (l.moleculeId ? [l.moleculeId] : [])),
      smiles: ligands.flatMap((l) => (!l.moleculeId && l.smiles ? [`${l.smiles} ${l.name}`] : [])).join('\n'),
    });
    // apply sets state only: the form is filled once per previous job read.
  }, [previous.data, previousLigands.data]);
}

/** The docking parameters a stored job's params give (numbers only), over the defaults. */
export function rerunParams(stored: Record<string, unknown>): JobParams {
  const picked: Partial<JobParams> = {};
  for (const key of Object.keys(DEFAULT_PARAMS) as (keyof JobParams)[]) {
    const value = stored[key];
    if (typeof value === 'number') picked[key] = value;
  }
  return { ...DEFAULT_PARAMS, ...picked };
}

/** The receptor's and reference ligand's atoms and structures, read from their artifacts, for the binding site. */
function useBindingSite(receptor: MoleculeChoice | undefined, reference: MoleculeChoice | undefined) {
  const receptorText = useArtifactText(receptor?.artifactId);
  const referenceText = useArtifactText(reference?.artifactId);
  const receptorAtoms = useMemo(
    () => (receptorText.data ? parsePdbAtoms(receptorText.data, receptorFormatOf(receptor?.sourceFormat)) : []),
    [receptorText.data, receptor?.sourceFormat],
  );
  const hetGroups = useMemo(() => groupHetatms(receptorAtoms), [receptorAtoms]);
  const referenceAtoms = useMemo(
    () => (referenceText.data && reference ? ligandAtoms(referenceText.data, reference.sourceFormat) : []),
    [referenceText.data, reference],
  );
  const receptorStructure = useMemo<Structure | undefined>(
    () =>
      receptorText.data && receptor
        ? { text: receptorText.data, format: receptor.sourceFormat as Structure['format'] }
        : undefined,
    [receptorText.data, receptor],
  );
  const referenceStructure = useMemo<Structure | undefined>(
    () =>
      referenceText.data && reference && referenceAtoms.length > 0
        ? { text: referenceText.data, format: reference.sourceFormat as Structure['format'] }
        : undefined,
    [referenceText.data, reference, referenceAtoms],
  );
  // A reference without 3D coordinates (SMILES, or a format read only on the server) cannot place a box: say so.
  const referenceWithoutCoordinates =
    reference &&
    (reference.sourceFormat === 'smiles' || (referenceText.data !== undefined && referenceAtoms.length === 0))
      ? reference
      : null;
  return {
    receptorAtoms,
    hetGroups,
    referenceAtoms,
    receptorStructure,
    referenceStructure,
    referenceWithoutCoordinates,
    receptorError: receptorText.error,
  };
}

/** "CCO ethanol" → { smiles: 'CCO', name: 'ethanol' }; the name is optional. */
function parseSmilesLine(line: string): { smiles: string; name?: string } {
  const [smiles, ...rest] = line.split(/\s+/);
  const name = rest.join(' ').trim();
  return name ? { smiles: smiles!, name } : { smiles: smiles! };
}

/** A reference ligand's atoms in the formats read here (SDF, PDB, PDBQT); MOL2 references give none. */
function ligandAtoms(text: string, format: string) {
  if (format === 'sdf') return parseSdf(text)[0]?.atoms ?? [];
  if (format === 'pdb' || format === 'pdbqt') return parsePdbAtoms(text, format);
  return [];
}

/** HETATM groups of a receptor (waters excluded), keyed "STI A201". */
function groupHetatms(atoms: readonly ResidueAtom[]): Map<string, ResidueAtom[]> {
  const groups = new Map<string, ResidueAtom[]>();
  for (const atom of atoms) {
    if (!atom.hetatm || atom.residueName === 'HOH' || atom.residueName === 'WAT') continue;
    const key = `${atom.residueName} ${atom.chain}${atom.residueNumber}`;
    groups.set(key, [...(groups.get(key) ?? []), atom]);
  }
  return groups;
}
