// The new-job form's per-job limits (issue 13 "Quotas ... shown in the dashboard"): what the server's settings refuse
// is said in the form before Run docking, with the setting's name, never only as the server's 400 afterwards.
import { describe, expect, it } from 'vitest';
import { jobLimitProblems, type OrgQuotas } from './quotas.js';

const quotas: OrgQuotas = {
  limits: {
    maxLigandsPerJob: 100_000,
    maxBoxVolumeAngstrom3: 27_000,
    maxExhaustiveness: 64,
    maxActiveJobs: 20,
    maxLigandsInFlight: 200_000,
    writesPerMinute: null,
    retryAfterSeconds: 30,
  },
  usage: { activeJobs: 0, ligandsInFlight: 0 },
};

describe('jobLimitProblems', () => {
  it('says nothing for a job within every limit, or before the quotas are read', () => {
    expect(jobLimitProblems(quotas, 10, 8_000, 64)).toEqual([]);
    expect(jobLimitProblems(undefined, 1e9, 1e9, 1e9)).toEqual([]);
  });

  it('names the exhaustiveness limit of this server (JOB_MAX_EXHAUSTIVENESS) when the job asks for more', () => {
    expect(jobLimitProblems(quotas, 10, 8_000, 65)).toEqual([
      'Exhaustiveness is at most 64 on this server (JOB_MAX_EXHAUSTIVENESS); this job asks for 65.',
    ]);
  });

  it('names the ligand and box limits', () => {
    expect(jobLimitProblems(quotas, 100_001, 27_001)).toEqual([
      'A job takes at most 100,000 ligands; this one has 100,001: split the library.',
      'The box is 27,001 Å³; at most 27,000 Å³: use a box around the site.',
    ]);
  });
});
