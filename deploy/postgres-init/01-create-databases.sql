-- Run once by the postgres image on an empty data directory (docker-entrypoint-initdb.d).
-- Each service owns its database (docs/architecture.md); the apps create their own tables.
CREATE DATABASE catalog;
CREATE DATABASE ordering;
CREATE DATABASE payment;
CREATE DATABASE identity;
