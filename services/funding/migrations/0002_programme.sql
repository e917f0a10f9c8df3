-- The programme side of collab-funding (ProgrammeService): the service catalogue (tjänster),
-- members' interest (intresseanmälan), orders (avrop) and their delivery occasions
-- (leveranstillfällen), after Partsrådet's programme Hållbart arbetsliv (domain.md, "Programme
-- services"). Programmes, members and contacts live in collab-organisations; only their ids are
-- kept here. programme_owner_id is copied from the programme (a network's owner cannot change)
-- so access checks run in the query that loads a row. `version` backs the etag.

CREATE TABLE service_offerings (
  id                   uuid PRIMARY KEY,
  programme_id         uuid        NOT NULL,
  programme_owner_id   uuid,
  display_name         text        NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  description          text        NOT NULL DEFAULT '',
  category             smallint    NOT NULL CHECK (category > 0),
  format               smallint    NOT NULL CHECK (format > 0),
  duration_description text        NOT NULL DEFAULT '',
  available_from       date,
  available_until      date,
  retire_time          timestamptz,
  retire_note          text        NOT NULL DEFAULT '',
  create_time          timestamptz NOT NULL DEFAULT now(),
  update_time          timestamptz NOT NULL DEFAULT now(),
  delete_time          timestamptz,
  version              bigint      NOT NULL DEFAULT 1,
  CHECK (available_until IS NULL OR available_from IS NULL OR available_until >= available_from)
);
CREATE INDEX service_offerings_list ON service_offerings (programme_id, lower(display_name), id);

CREATE TABLE interests (
  id                     uuid PRIMARY KEY,
  programme_id           uuid        NOT NULL,
  programme_owner_id     uuid,
  member_organisation_id uuid        NOT NULL,
  service_offering_id    uuid        REFERENCES service_offerings (id),
  express_date           date        NOT NULL,
  note                   text        NOT NULL DEFAULT '',
  create_time            timestamptz NOT NULL DEFAULT now(),
  delete_time            timestamptz,
  version                bigint      NOT NULL DEFAULT 1
);
CREATE INDEX interests_list ON interests (programme_id, member_organisation_id, id);

CREATE TABLE programme_orders (
  id                     uuid PRIMARY KEY,
  programme_id           uuid        NOT NULL,
  programme_owner_id     uuid,
  service_offering_id    uuid        NOT NULL REFERENCES service_offerings (id),
  member_organisation_id uuid        NOT NULL,
  -- Joint ordering (domain.md): both sides are recorded as contact resource names.
  employer_orderer       text        NOT NULL CHECK (employer_orderer <> ''),
  union_orderer          text        NOT NULL CHECK (union_orderer <> ''),
  -- collab.funding.v1.OrderState: 1 REQUESTED … 5 CANCELLED.
  state                  smallint    NOT NULL CHECK (state BETWEEN 1 AND 5),
  desired_start          date,
  desired_end            date,
  expected_participants  integer     NOT NULL DEFAULT 0 CHECK (expected_participants >= 0),
  note                   text        NOT NULL DEFAULT '',
  cancel_reason          smallint    NOT NULL DEFAULT 0,
  cancel_note            text        NOT NULL DEFAULT '',
  confirm_time           timestamptz,
  delivery_start_time    timestamptz,
  complete_time          timestamptz,
  cancel_time            timestamptz,
  create_time            timestamptz NOT NULL DEFAULT now(),
  update_time            timestamptz NOT NULL DEFAULT now(),
  version                bigint      NOT NULL DEFAULT 1,
  CHECK (desired_end IS NULL OR desired_start IS NULL OR desired_end >= desired_start)
);
CREATE INDEX programme_orders_list ON programme_orders (create_time DESC, id);
CREATE INDEX programme_orders_member ON programme_orders (member_organisation_id);
CREATE INDEX programme_orders_programme ON programme_orders (programme_id);

CREATE TABLE deliveries (
  id                uuid PRIMARY KEY,
  order_id          uuid        NOT NULL REFERENCES programme_orders (id),
  delivery_date     date        NOT NULL,
  -- A count, never names (participants are persons).
  participant_count integer     NOT NULL CHECK (participant_count >= 0),
  -- collab.funding.v1.DeliveryFormat.
  format            smallint    NOT NULL CHECK (format > 0),
  note              text        NOT NULL DEFAULT '',
  create_time       timestamptz NOT NULL DEFAULT now(),
  update_time       timestamptz NOT NULL DEFAULT now(),
  delete_time       timestamptz,
  version           bigint      NOT NULL DEFAULT 1
);
CREATE INDEX deliveries_list ON deliveries (order_id, delivery_date, id);
CREATE INDEX deliveries_date ON deliveries (delivery_date, id);
