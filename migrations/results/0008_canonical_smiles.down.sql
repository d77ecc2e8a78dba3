DROP TABLE __ORG_SCHEMA__.canonical_smiles;
