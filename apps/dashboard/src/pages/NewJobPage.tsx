// New docking job: receptor and ligands (library or pasted SMILES), the binding site in 3D (reference ligand,
// HETATM groups, autobox, blind, numbers and handles), engine and parameters, an estimate of the work, submit.
// The page holds the form's state; its sections are in new-job-parts.tsx, the engines come from pipelines.list.
import { useEffect, useMemo, useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { trpc } from '../trpc.js';
import { navigate, useLocation } from '../router.js';
import { ErrorState, Loading } from '../ui/states.js';
import type { Structure } from '../viewer/MoleculeViewer.js';
import { useArtifactText } from '../lib/useStructureText.js';
import { parsePdbAtoms, parseSdf, type ResidueAtom } from '../lib/structure.js';
import { boxAroundCoordinates, boxReceptorFit, boxVolumeAngstrom3, type BindingBox } from '@mad/chem/box';
import { estimateWork } from '../lib/estimate.js';
import { useLiveAgents } from '../live.js';
import { jobLimitProblems, QuotaSummary, useOrgQuotas } from './quotas.js';
import {
  BoxSources,
  BoxView,
  DEFAULT_PARAMS,
  EngineSection,
  EstimateSection,
  InputsSection,
  type Engine,
  type JobParams,
} from './new-job-parts.js';

interface Molecule {
  id: string;
  name: string;
  artifactId: string;
  sourceFormat: string;
}

export default function NewJobPage() {
  const { search } = useLocation();
  const receptors = useQuery(trpc.molecules.list.queryOptions({ kind: 'receptor', limit: 200 }));
  const ligands = useQuery(trpc.molecules.list.queryOptions({ kind: 'ligand', limit: 200 }));
  const pipelines = useQuery(trpc.pipelines.list.queryOptions(undefined, { staleTime: Infinity }));
  const agents = useQuery(trpc.agents.list.queryOptions(undefined, { staleTime: 0 }));
  const quotas = useOrgQuotas();
  useLiveAgents();

  const [receptorId, setReceptorId] = useState(search.get('receptor') ?? '');
  const [ligandIds, setLigandIds] = useState<string[]>([]);
  const [smiles, setSmiles] = useState('');
  const [referenceId, setReferenceId] = useState('');
  const [hetGroup, setHetGroup] = useState('');
  const [box, setBox] = useState<BindingBox | null>(null);
  const [engine, setEngine] = useState<Engine>('vina');
  const [params, setParams] = useState<JobParams>(DEFAULT_PARAMS);

  useRerunFrom(search.get('from'), (job) => {
    setReceptorId(job.receptorId);
    setBox(job.box);
    setEngine(job.pipeline);
    setParams({ ...DEFAULT_PARAMS, ...pickParams(job.params) });
    setLigandIds(job.ligandIds);
    setSmiles(job.smiles);
  });

  const receptor = receptors.data?.molecules.find((r) => r.id === receptorId);
  const reference = ligands.data?.molecules.find((l) => l.id === referenceId);
  const site = useBindingSite(receptor, reference);
  const fit = useMemo(
    () => (box && site.receptorAtoms.length > 0 ? boxReceptorFit(box, site.receptorAtoms) : null),
    [box, site.receptorAtoms],
  );
  // A reference ligand chosen for the first time places the box around it, as chemists expect.
  useEffect(() => {
    if (site.referenceAtoms.length > 0 && !box) setBox(boxAroundCoordinates(site.referenceAtoms));
  }, [site.referenceAtoms, box]);

  const pastedSmiles = smiles
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const ligandCount = ligandIds.length + pastedSmiles.length;
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

  const create = useMutation(
    trpc.jobs.create.mutationOptions({
      onSuccess: (job) => navigate(`/jobs/${job.jobId}`),
      // A refusal over a quota changes nothing, but the usage shown may be stale: read it again.
      onError: () => void quotas.refetch(),
    }),
  );
  const problems = [
    !receptorId && 'Pick a receptor.',
    ligandCount === 0 && 'Pick at least one ligand or paste SMILES.',
    !box && 'Define the binding box (from a reference ligand, a HETATM group, blind, or by numbers).',
    ...(fit?.errors.map((error) => `The binding box cannot be docked into: ${error}.`) ?? []),
    ...jobLimitProblems(quotas.data, ligandCount, box ? boxVolumeAngstrom3(box) : null),
  ].filter(Boolean) as string[];

  const submit = () => {
    if (problems.length > 0 || !box) return;
    create.mutate({
      pipelineId: engine,
      receptorId,
      ligandIds,
      ligands: pastedSmiles.map(parseSmilesLine),
      bindingSite: { mode: 'box', center: box.center, size: box.size },
      params: { ...params, cpuPerTask: 1 },
    });
  };

  if (receptors.isPending || ligands.isPending || pipelines.isPending) return <Loading what="Loading molecules" />;
  const failed = receptors.error ?? ligands.error ?? pipelines.error;
  if (failed) return <ErrorState error={failed} />;
  const ligandOptions = ligands.data?.molecules ?? [];

  return (
    <>
      <h1>New docking job</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        aria-describedby="job-problems"
      >
        <div className="grid-side">
          <div>
            <InputsSection
              receptors={receptors.data?.molecules ?? []}
              ligands={ligandOptions}
              receptorId={receptorId}
              onReceptor={setReceptorId}
              ligandIds={ligandIds}
              setLigandIds={setLigandIds}
              smiles={smiles}
              onSmiles={setSmiles}
            />
            <EngineSection
              pipelines={pipelines.data?.pipelines ?? []}
              engine={engine}
              onEngine={setEngine}
              params={params}
              setParams={setParams}
            />
          </div>

          <div>
            <section className="panel" aria-labelledby="site-heading">
              <h2 id="site-heading">Binding site</h2>
              <BoxSources
                ligands={ligandOptions}
                referenceId={referenceId}
                onReference={setReferenceId}
                referenceAtoms={site.referenceAtoms}
                referenceWithoutCoordinates={site.referenceWithoutCoordinates}
                hetGroups={site.hetGroups}
                hetGroup={hetGroup}
                onHetGroup={setHetGroup}
                receptorAtoms={site.receptorAtoms}
                setBox={setBox}
              />
              <BoxView
                receptorId={receptorId}
                receptorError={site.receptorError}
                receptor={site.receptorStructure}
                reference={site.referenceStructure}
                receptorAtoms={site.receptorAtoms}
                box={box}
                setBox={setBox}
                fit={fit}
              />
            </section>
            <EstimateSection
              ligandCount={ligandCount}
              exhaustiveness={params.exhaustiveness}
              estimate={estimate}
              agentsLoading={agents.isPending}
              agentsWithEngine={engineAgents.length}
              problems={problems}
              error={create.error}
              submitting={create.isPending}
            >
              {quotas.data && <QuotaSummary quotas={quotas.data} ligands={ligandCount} />}
            </EstimateSection>
          </div>
        </div>
      </form>
    </>
  );
}

interface Rerun {
  receptorId: string;
  box: BindingBox;
  pipeline: Engine;
  params: Record<string, unknown>;
  ligandIds: string[];
  /** The previous job's pasted SMILES, one "SMILES name" per line. */
  smiles: string;
}

/** Re-run with changes: once the previous job and its ligands are read, the form starts from them. */
function useRerunFrom(fromJobId: string | null, apply: (job: Rerun) => void) {
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

/** The receptor's and reference ligand's atoms and structures, read from their artifacts, for the binding site. */
function useBindingSite(receptor: Molecule | undefined, reference: Molecule | undefined) {
  const receptorText = useArtifactText(receptor?.artifactId);
  const referenceText = useArtifactText(reference?.artifactId);
  const receptorAtoms = useMemo(
    () =>
      receptorText.data ? parsePdbAtoms(receptorText.data, receptor?.sourceFormat === 'pdbqt' ? 'pdbqt' : 'pdb') : [],
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

function pickParams(stored: Record<string, unknown>): Partial<JobParams> {
  const picked: Partial<JobParams> = {};
  for (const key of Object.keys(DEFAULT_PARAMS) as (keyof JobParams)[]) {
    const value = stored[key];
    if (typeof value === 'number') picked[key] = value;
  }
  return picked;
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
