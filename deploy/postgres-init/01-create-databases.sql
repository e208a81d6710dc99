-- Run once by the postgres image on an empty data directory (docker-entrypoint-initdb.d).
-- Each service owns its database (architecture §3); the apps create their own tables.
CREATE DATABASE catalog;
CREATE DATABASE ordering;
