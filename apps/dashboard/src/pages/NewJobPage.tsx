// New docking job: receptor and ligands (library or pasted SMILES), the binding site in 3D (reference ligand,
// HETATM groups, autobox, blind, numbers and handles), engine and parameters, an estimate of the work, submit.
// The page reads the libraries and wires the form's parts: their state in new-job-form.ts (one hook a part), their
// sections in new-job-parts.tsx; the engines come from pipelines.list.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { trpc } from '../trpc.js';
import { useLocation } from '../router.js';
import { ErrorState, Loading } from '../ui/states.js';
import { rerunParams, useBindingSiteForm, useJobInputs, useJobSubmission, useRerunFrom } from './new-job-form.js';
import {
  BindingSiteSection,
  DEFAULT_PARAMS,
  EngineSection,
  InputsSection,
  SubmitSection,
  type Engine,
  type JobParams,
} from './new-job-parts.js';

export default function NewJobPage() {
  const { search } = useLocation();
  const receptors = useQuery(trpc.molecules.list.queryOptions({ kind: 'receptor', limit: 200 }));
  const ligands = useQuery(trpc.molecules.list.queryOptions({ kind: 'ligand', limit: 200 }));
  const pipelines = useQuery(trpc.pipelines.list.queryOptions(undefined, { staleTime: Infinity }));
  const ligandOptions = ligands.data?.molecules ?? [];

  const inputs = useJobInputs(search.get('receptor') ?? '');
  const [engine, setEngine] = useState<Engine>('vina');
  const [params, setParams] = useState<JobParams>(DEFAULT_PARAMS);
  const site = useBindingSiteForm(
    receptors.data?.molecules.find((r) => r.id === inputs.receptorId),
    ligandOptions,
  );
  useRerunFrom(search.get('from'), (job) => {
    inputs.setReceptorId(job.receptorId);
    site.setBox(job.box);
    setEngine(job.pipeline);
    setParams(rerunParams(job.params));
    inputs.setLigandIds(job.ligandIds);
    inputs.setSmiles(job.smiles);
  });
  const submission = useJobSubmission({ engine, params, inputs, box: site.box, fit: site.fit });

  if (receptors.isPending || ligands.isPending || pipelines.isPending) return <Loading what="Loading molecules" />;
  const failed = receptors.error ?? ligands.error ?? pipelines.error;
  if (failed) return <ErrorState error={failed} />;

  return (
    <>
      <h1>New docking job</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submission.submit();
        }}
        aria-describedby="job-problems"
      >
        <div className="grid-side">
          <div>
            <InputsSection receptors={receptors.data?.molecules ?? []} ligands={ligandOptions} inputs={inputs} />
            <EngineSection
              pipelines={pipelines.data?.pipelines ?? []}
              engine={engine}
              onEngine={setEngine}
              params={params}
              setParams={setParams}
            />
          </div>
          <div>
            <BindingSiteSection ligands={ligandOptions} receptorId={inputs.receptorId} form={site} />
            <SubmitSection submission={submission} />
          </div>
        </div>
      </form>
    </>
  );
}
