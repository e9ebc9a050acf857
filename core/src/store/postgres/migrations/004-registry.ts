/**
 * The local copy of bulk registry files (`keybs registry import`): one row per company, keyed by country
 * and normalized registration id; and which sources cover which countries (read on every registry check).
 */
export const registry = `
CREATE TABLE registry_companies (
  source          TEXT NOT NULL,
  country_code    TEXT NOT NULL,
  registration_id TEXT NOT NULL,
  legal_name      TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('active', 'inactive', 'dissolved')),
  status_detail   TEXT,
  incorporated_on TEXT,
  address         TEXT,
  imported_at     BIGINT NOT NULL,
  PRIMARY KEY (country_code, registration_id)
);
CREATE INDEX registry_companies_id ON registry_companies (registration_id);
CREATE INDEX registry_companies_source ON registry_companies (source, country_code, imported_at);

CREATE TABLE registry_sources (
  source       TEXT NOT NULL,
  country_code TEXT NOT NULL,
  updated_at   BIGINT NOT NULL,
  PRIMARY KEY (source, country_code)
);
`;
