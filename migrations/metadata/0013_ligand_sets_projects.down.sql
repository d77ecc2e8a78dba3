DROP TABLE ligand_set_members;
DROP TABLE ligand_sets;
DROP TABLE projects;
