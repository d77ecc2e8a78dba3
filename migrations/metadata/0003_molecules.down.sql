DROP TABLE molecules;
DROP TABLE artifacts;
