-- The registry: organisations, their units and contacts, networks and memberships.
-- Rows are soft-deleted (delete_time) so history and references survive; `version` backs the etag.

CREATE TABLE organisations (
  id                  uuid PRIMARY KEY,
  display_name        text        NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  kind                smallint    NOT NULL CHECK (kind > 0),
  -- organisationsnummer, normalised to NNNNNN-NNNN by the service
  organisation_number text        NOT NULL CHECK (organisation_number ~ '^[0-9]{6}-[0-9]{4}$'),
  sector              smallint    NOT NULL DEFAULT 0,
  county_code         text        NOT NULL DEFAULT '',
  size_band           smallint    NOT NULL DEFAULT 0,
  create_time         timestamptz NOT NULL DEFAULT now(),
  update_time         timestamptz NOT NULL DEFAULT now(),
  delete_time         timestamptz,
  version             bigint      NOT NULL DEFAULT 1
);
-- Unique among live organisations; a deleted one may be registered again.
CREATE UNIQUE INDEX organisations_number_live ON organisations (organisation_number)
  WHERE delete_time IS NULL;
CREATE INDEX organisations_list ON organisations (lower(display_name), id);

CREATE TABLE units (
  id                uuid PRIMARY KEY,
  organisation_id   uuid        NOT NULL REFERENCES organisations (id),
  display_name      text        NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  municipality_code text        NOT NULL DEFAULT '',
  create_time       timestamptz NOT NULL DEFAULT now(),
  update_time       timestamptz NOT NULL DEFAULT now(),
  delete_time       timestamptz,
  version           bigint      NOT NULL DEFAULT 1
);
CREATE INDEX units_list ON units (organisation_id, lower(display_name), id);

CREATE TABLE contacts (
  id              uuid PRIMARY KEY,
  organisation_id uuid        NOT NULL REFERENCES organisations (id),
  full_name       text        NOT NULL,
  email           text        NOT NULL DEFAULT '',
  phone           text        NOT NULL DEFAULT '',
  role            smallint    NOT NULL CHECK (role > 0),
  unit_id         uuid        REFERENCES units (id),
  create_time     timestamptz NOT NULL DEFAULT now(),
  update_time     timestamptz NOT NULL DEFAULT now(),
  delete_time     timestamptz,
  version         bigint      NOT NULL DEFAULT 1
);
CREATE INDEX contacts_list ON contacts (organisation_id, lower(full_name), id);

CREATE TABLE networks (
  id                    uuid PRIMARY KEY,
  display_name          text        NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  kind                  smallint    NOT NULL CHECK (kind > 0),
  owner_organisation_id uuid        REFERENCES organisations (id),
  county_code           text        NOT NULL DEFAULT '',
  start_date            date,
  end_date              date,
  create_time           timestamptz NOT NULL DEFAULT now(),
  update_time           timestamptz NOT NULL DEFAULT now(),
  delete_time           timestamptz,
  version               bigint      NOT NULL DEFAULT 1,
  CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date)
);
CREATE INDEX networks_list ON networks (lower(display_name), id);

CREATE TABLE memberships (
  id              uuid PRIMARY KEY,
  network_id      uuid        NOT NULL REFERENCES networks (id),
  organisation_id uuid        NOT NULL REFERENCES organisations (id),
  role            smallint    NOT NULL CHECK (role > 0),
  start_date      date,
  end_date        date,
  create_time     timestamptz NOT NULL DEFAULT now(),
  update_time     timestamptz NOT NULL DEFAULT now(),
  delete_time     timestamptz,
  version         bigint      NOT NULL DEFAULT 1,
  CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date)
);
-- One live membership per organisation and network.
CREATE UNIQUE INDEX memberships_live ON memberships (network_id, organisation_id)
  WHERE delete_time IS NULL;
CREATE INDEX memberships_by_organisation ON memberships (organisation_id);
