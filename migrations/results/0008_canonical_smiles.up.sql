-- The canonical isomeric SMILES of inline SMILES the dispatcher signed (a job with more new SMILES than a request
-- canonicalises, JOBS.md "Result cache"): RDKit's answer kept per organisation, so the HTTP server, another process
-- than the dispatcher's, signs the same job submitted again in the request (and answers 200 from the cache) instead of
-- handing it back to the dispatcher. canonical is null where RDKit cannot read the SMILES.
CREATE TABLE __ORG_SCHEMA__.canonical_smiles (
  smiles text PRIMARY KEY,
  canonical text,
  created_at timestamptz NOT NULL DEFAULT now()
);
