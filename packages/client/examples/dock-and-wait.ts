// Redock 1iep's imatinib from TypeScript (the README's example; packages/ops readme-examples.test keeps the two equal):
// run from the repository with MAD_URL and MAD_TOKEN set as for the Python example. After the mad block above, this
// is the job `mad dock` ran: the result cache answers it.
import { readFileSync } from 'node:fs';
import { createMadClient } from '@mad/client';

const mad = createMadClient({ url: process.env.MAD_URL ?? 'http://localhost:8080', token: process.env.MAD_TOKEN! });
const file = (path: string) => ({ name: path.split('/').pop()!, content: readFileSync(path) });
const [receptor] = (await mad.upload('receptor', [file('examples/1iep/1iep_receptor.pdbqt')])).molecules;
const [crystal] = (await mad.upload('ligand', [file('examples/1iep/1iep_ligand.sdf')])).molecules;
const job = await mad.createJob('vina', {
  receptorId: receptor!.id,
  ligandIds: [crystal!.id], // or inline: ligands: [{ smiles: 'c1ccncc1', name: 'pyridine' }]
  bindingSite: { mode: 'autobox', ligandId: crystal!.id },
  params: { exhaustiveness: 1, seed: 1 },
});
const final = await mad.waitForJob(job.jobId, { onStatus: (status) => console.error(status.progress) });
console.log(`job ${job.jobId}: ${final.status}`); // COMPLETED, FAILED or CANCELLED
for await (const ligand of mad.allResults(job.jobId, { sort: 'affinity' }))
  console.log(ligand.name, ligand.bestAffinityKcalMol);
const csv = await mad.resultsCsv(job.jobId);
console.log(csv.split('\n')[0]);
const { data } = await mad.api.GET('/v1/molecules', { params: { query: { kind: 'ligand', limit: 10 } } });
console.log(`${data!.molecules.length} ligands on the library's first page`);
