/**
 * The embedded store's tables: the graph model of docs/architecture.md flattened into
 * SQLite. Nodes are tables keyed by their external id (opaque text compared
 * exactly); relationships are link tables or, where a seller has one value
 * (phone, email, ID hash), columns. Migrations are numbered by `user_version`
 * and each runs in its own transaction, so a half-applied schema cannot exist.
 */
import type { Db } from './connection.ts';

/** Version 1: the whole graph, runs and rings, tokens and audit. */
const V1 = `
CREATE TABLE sellers (
  rid INTEGER PRIMARY KEY,            -- stable rowid for the full-text index
  seller_id TEXT NOT NULL UNIQUE,
  name TEXT, registered_at TEXT, phone TEXT, phone_raw TEXT, email TEXT,
  id_number_hash TEXT, status TEXT, registered_address_key TEXT
);
-- (value, seller) indexes: identifier groups stream straight out of them, already sorted.
CREATE INDEX sellers_phone ON sellers(phone, seller_id) WHERE phone IS NOT NULL;
CREATE INDEX sellers_email ON sellers(email, seller_id) WHERE email IS NOT NULL;
CREATE INDEX sellers_id_hash ON sellers(id_number_hash, seller_id) WHERE id_number_hash IS NOT NULL;

CREATE TABLE shops (
  rid INTEGER PRIMARY KEY,
  shop_id TEXT NOT NULL UNIQUE,
  seller_id TEXT NOT NULL,
  name TEXT, url TEXT, opened_at TEXT, closed_at TEXT, status TEXT
);
CREATE INDEX shops_seller ON shops(seller_id, shop_id);

CREATE TABLE payment_accounts (account_id TEXT PRIMARY KEY, kind TEXT, holder_name TEXT) WITHOUT ROWID;
CREATE TABLE seller_accounts (
  account_id TEXT NOT NULL, seller_id TEXT NOT NULL,
  PRIMARY KEY (account_id, seller_id)
) WITHOUT ROWID;
CREATE INDEX seller_accounts_seller ON seller_accounts(seller_id);

CREATE TABLE addresses (rid INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, text TEXT NOT NULL);
-- Raw texts as written in the export: the evidence behind each canonical address.
CREATE TABLE address_variants (key TEXT NOT NULL, raw TEXT NOT NULL, PRIMARY KEY (key, raw)) WITHOUT ROWID;
-- role: registered | return | warehouse | pickup (sellers.registered_address lands here too).
CREATE TABLE seller_addresses (
  role TEXT NOT NULL, address_key TEXT NOT NULL, seller_id TEXT NOT NULL,
  PRIMARY KEY (role, address_key, seller_id)
) WITHOUT ROWID;
CREATE INDEX seller_addresses_seller ON seller_addresses(seller_id);
CREATE INDEX seller_addresses_key ON seller_addresses(address_key);

CREATE TABLE shipments (
  shipment_id TEXT PRIMARY KEY, shop_id TEXT NOT NULL,
  origin_key TEXT, destination_key TEXT, carrier TEXT, tracking_no TEXT,
  shipped_at TEXT, weight_kg REAL, declared_item TEXT
) WITHOUT ROWID;
CREATE INDEX shipments_shop ON shipments(shop_id, origin_key);
CREATE INDEX shipments_origin ON shipments(origin_key, shop_id) WHERE origin_key IS NOT NULL;

CREATE TABLE reports (
  report_id TEXT PRIMARY KEY, shop_id TEXT NOT NULL,
  brand TEXT, kind TEXT, verdict TEXT, reported_at TEXT
) WITHOUT ROWID;
CREATE INDEX reports_shop ON reports(shop_id);
CREATE INDEX reports_brand ON reports(brand) WHERE brand IS NOT NULL;
CREATE TABLE brands (name TEXT PRIMARY KEY) WITHOUT ROWID;

-- Full-text search over names and canonical address text (external content:
-- the text lives once, in its table). Triggers fire only when the text changes,
-- so re-loading an export leaves the index untouched.
CREATE VIRTUAL TABLE sellers_fts USING fts5(name, content='sellers', content_rowid='rid');
CREATE VIRTUAL TABLE shops_fts USING fts5(name, content='shops', content_rowid='rid');
CREATE VIRTUAL TABLE addresses_fts USING fts5(text, content='addresses', content_rowid='rid');
CREATE TRIGGER sellers_fts_insert AFTER INSERT ON sellers WHEN new.name IS NOT NULL BEGIN
  INSERT INTO sellers_fts(rowid, name) VALUES (new.rid, new.name);
END;
CREATE TRIGGER sellers_fts_update AFTER UPDATE OF name ON sellers WHEN old.name IS NOT new.name BEGIN
  INSERT INTO sellers_fts(sellers_fts, rowid, name) SELECT 'delete', old.rid, old.name WHERE old.name IS NOT NULL;
  INSERT INTO sellers_fts(rowid, name) SELECT new.rid, new.name WHERE new.name IS NOT NULL;
END;
CREATE TRIGGER shops_fts_insert AFTER INSERT ON shops WHEN new.name IS NOT NULL BEGIN
  INSERT INTO shops_fts(rowid, name) VALUES (new.rid, new.name);
END;
CREATE TRIGGER shops_fts_update AFTER UPDATE OF name ON shops WHEN old.name IS NOT new.name BEGIN
  INSERT INTO shops_fts(shops_fts, rowid, name) SELECT 'delete', old.rid, old.name WHERE old.name IS NOT NULL;
  INSERT INTO shops_fts(rowid, name) SELECT new.rid, new.name WHERE new.name IS NOT NULL;
END;
CREATE TRIGGER addresses_fts_insert AFTER INSERT ON addresses BEGIN
  INSERT INTO addresses_fts(rowid, text) VALUES (new.rid, new.text);
END;
CREATE TRIGGER addresses_fts_update AFTER UPDATE OF text ON addresses WHEN old.text IS NOT new.text BEGIN
  INSERT INTO addresses_fts(addresses_fts, rowid, text) VALUES ('delete', old.rid, old.text);
  INSERT INTO addresses_fts(rowid, text) VALUES (new.rid, new.text);
END;

CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;

CREATE TABLE runs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  started_at TEXT NOT NULL,
  record TEXT NOT NULL                -- RunRecord as JSON
);
CREATE INDEX runs_started ON runs(started_at, seq);
CREATE TABLE rings (
  run_id TEXT NOT NULL, ring_id TEXT NOT NULL,
  score REAL NOT NULL, size INTEGER NOT NULL, change TEXT,
  body TEXT NOT NULL,                 -- the Ring as JSON, without why
  why TEXT,                           -- per-member why lists as JSON
  PRIMARY KEY (run_id, ring_id)
) WITHOUT ROWID;
CREATE INDEX rings_ring ON rings(ring_id);
CREATE INDEX rings_score ON rings(run_id, score);
CREATE TABLE ring_members (
  run_id TEXT NOT NULL, ring_id TEXT NOT NULL, seller_id TEXT NOT NULL,
  PRIMARY KEY (run_id, ring_id, seller_id)
) WITHOUT ROWID;
CREATE INDEX ring_members_seller ON ring_members(seller_id, run_id);
CREATE TABLE ring_brands (
  run_id TEXT NOT NULL, brand TEXT NOT NULL, ring_id TEXT NOT NULL,
  PRIMARY KEY (run_id, brand, ring_id)
) WITHOUT ROWID;

CREATE TABLE tokens (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, brands TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, revoked_at TEXT
) WITHOUT ROWID;

CREATE TABLE audit (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE, at TEXT NOT NULL, token_name TEXT, role TEXT,
  action TEXT NOT NULL, route TEXT, ring_ids TEXT NOT NULL, entity_ids TEXT NOT NULL,
  remote TEXT, outcome TEXT NOT NULL, details TEXT
);
CREATE INDEX audit_at ON audit(at, seq);
-- The audit trail is evidence: the database itself refuses to rewrite it.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
`;

/**
 * Version 2: full-text indexing moves out of the write path. Insert triggers
 * cost ingest three quarters of its speed; new rows are now indexed in bulk
 * (search-index.ts) up to a high-water rid kept in meta, and the update
 * triggers only touch rows already indexed. Version 1 indexed every row on
 * insert, so its marks start at the current top rid. Also drops an index on
 * seller_addresses(address_key) that the primary key already serves.
 */
const V2 = `
DROP TRIGGER sellers_fts_insert;
DROP TRIGGER shops_fts_insert;
DROP TRIGGER addresses_fts_insert;
DROP TRIGGER sellers_fts_update;
DROP TRIGGER shops_fts_update;
DROP TRIGGER addresses_fts_update;
DROP INDEX seller_addresses_key;
INSERT INTO meta (key, value) SELECT 'fts_sellers', coalesce(max(rid), 0) FROM sellers;
INSERT INTO meta (key, value) SELECT 'fts_shops', coalesce(max(rid), 0) FROM shops;
INSERT INTO meta (key, value) SELECT 'fts_addresses', coalesce(max(rid), 0) FROM addresses;
CREATE TRIGGER sellers_fts_update AFTER UPDATE OF name ON sellers
WHEN old.name IS NOT new.name AND old.rid <= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'fts_sellers') BEGIN
  INSERT INTO sellers_fts(sellers_fts, rowid, name) SELECT 'delete', old.rid, old.name WHERE old.name IS NOT NULL;
  INSERT INTO sellers_fts(rowid, name) SELECT new.rid, new.name WHERE new.name IS NOT NULL;
END;
CREATE TRIGGER shops_fts_update AFTER UPDATE OF name ON shops
WHEN old.name IS NOT new.name AND old.rid <= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'fts_shops') BEGIN
  INSERT INTO shops_fts(shops_fts, rowid, name) SELECT 'delete', old.rid, old.name WHERE old.name IS NOT NULL;
  INSERT INTO shops_fts(rowid, name) SELECT new.rid, new.name WHERE new.name IS NOT NULL;
END;
CREATE TRIGGER addresses_fts_update AFTER UPDATE OF text ON addresses
WHEN old.text IS NOT new.text AND old.rid <= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'fts_addresses') BEGIN
  INSERT INTO addresses_fts(addresses_fts, rowid, text) VALUES ('delete', old.rid, old.text);
  INSERT INTO addresses_fts(rowid, text) VALUES (new.rid, new.text);
END;
`;

/**
 * Version 3: sellers gain a device fingerprint (`device_id`, an identifier
 * like the phone), with the (value, seller) index detection streams from.
 */
const V3 = `
ALTER TABLE sellers ADD COLUMN device_id TEXT;
CREATE INDEX sellers_device ON sellers(device_id, seller_id) WHERE device_id IS NOT NULL;
`;

/**
 * Token lifecycle: tokens may expire (`expires_at`), record when they last
 * authenticated a request (`last_used_at`), and be one-time login codes
 * (`purpose` 'login') rather than bearer tokens ('api').
 */
const TOKEN_LIFECYCLE = `
ALTER TABLE tokens ADD COLUMN expires_at TEXT;
ALTER TABLE tokens ADD COLUMN last_used_at TEXT;
ALTER TABLE tokens ADD COLUMN purpose TEXT NOT NULL DEFAULT 'api';
`;

/**
 * Version 5: scheduled detection and casework — the detection lock with its lease.
 */
const V5 = `
CREATE TABLE run_locks (
  name TEXT PRIMARY KEY, holder TEXT NOT NULL, run_id TEXT NOT NULL, owner TEXT NOT NULL,
  acquired_at TEXT NOT NULL, expires_at_ms INTEGER NOT NULL
) WITHOUT ROWID;
`;

/**
 * Version 6: ingest provenance. One row per load (who, when, strict, written,
 * row counts) and one per file it read (name, size, SHA-256, rows). Evidence
 * like the audit trail, so append-only the same way.
 */
const INGEST_PROVENANCE = `
CREATE TABLE ingests (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE, started_at TEXT NOT NULL, finished_at TEXT NOT NULL,
  actor_kind TEXT NOT NULL, actor_name TEXT NOT NULL, token_id TEXT,
  strict INTEGER NOT NULL, written INTEGER NOT NULL, accepted INTEGER NOT NULL, rejected INTEGER NOT NULL
);
CREATE INDEX ingests_finished ON ingests(finished_at, seq);
CREATE TABLE ingest_files (
  ingest_id TEXT NOT NULL, position INTEGER NOT NULL,
  name TEXT NOT NULL, bytes INTEGER NOT NULL, sha256 TEXT NOT NULL,
  rows INTEGER NOT NULL, accepted INTEGER NOT NULL, rejected INTEGER NOT NULL,
  PRIMARY KEY (ingest_id, position)
) WITHOUT ROWID;
CREATE INDEX ingest_files_sha256 ON ingest_files(sha256);
CREATE TRIGGER ingests_no_update BEFORE UPDATE ON ingests BEGIN SELECT RAISE(ABORT, 'ingest provenance is append-only'); END;
CREATE TRIGGER ingests_no_delete BEFORE DELETE ON ingests BEGIN SELECT RAISE(ABORT, 'ingest provenance is append-only'); END;
CREATE TRIGGER ingest_files_no_update BEFORE UPDATE ON ingest_files BEGIN SELECT RAISE(ABORT, 'ingest provenance is append-only'); END;
CREATE TRIGGER ingest_files_no_delete BEFORE DELETE ON ingest_files BEGIN SELECT RAISE(ABORT, 'ingest provenance is append-only'); END;
`;

/**
 * The explorer's named saved views: one row per view, its state as JSON text,
 * listed per owner newest first.
 */
const SAVED_VIEWS = `
CREATE TABLE saved_views (
  id TEXT PRIMARY KEY, owner TEXT NOT NULL, name TEXT NOT NULL, ring_id TEXT NOT NULL,
  created_at TEXT NOT NULL, state TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX saved_views_owner ON saved_views(owner, created_at, id);
`;

/**
 * Version 7: alerts, the webhook outbox and cases. A run writes its alerts,
 * outbox rows and case changes in the transaction that makes it current.
 * Case events are the case's history and append-only like the audit trail;
 * outbox rows were never deleted here (version 9 adds retention).
 */
const CASEWORK = `
CREATE TABLE alerts (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE, ring_id TEXT NOT NULL, run_id TEXT NOT NULL, kind TEXT NOT NULL, score REAL NOT NULL,
  reasons TEXT NOT NULL, created_at TEXT NOT NULL, case_id TEXT NOT NULL, brands TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open', acknowledged_by TEXT, acknowledged_at TEXT
);
CREATE INDEX alerts_created ON alerts(created_at, seq);
CREATE TABLE webhook_outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE, alert_id TEXT NOT NULL UNIQUE, payload TEXT NOT NULL, state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL, next_attempt_ms INTEGER NOT NULL,
  claimed_until_ms INTEGER NOT NULL DEFAULT 0, last_error TEXT, sent_at TEXT
);
CREATE INDEX webhook_outbox_due ON webhook_outbox(state, next_attempt_ms);
CREATE TRIGGER webhook_outbox_no_delete BEFORE DELETE ON webhook_outbox BEGIN SELECT RAISE(ABORT, 'the webhook outbox keeps every message'); END;
CREATE TABLE cases (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE, ring_id TEXT NOT NULL, ring_ids TEXT NOT NULL, status TEXT NOT NULL, assignee TEXT,
  score REAL NOT NULL, brands TEXT NOT NULL, alert_id TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
  merged_into TEXT
);
CREATE INDEX cases_updated ON cases(updated_at);
CREATE TABLE case_rings (ring_id TEXT NOT NULL, case_id TEXT NOT NULL, PRIMARY KEY (ring_id, case_id)) WITHOUT ROWID;
CREATE INDEX case_rings_case ON case_rings(case_id);
CREATE TABLE case_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE, case_id TEXT NOT NULL, kind TEXT NOT NULL, author TEXT NOT NULL, role TEXT NOT NULL,
  at TEXT NOT NULL, body TEXT NOT NULL
);
CREATE INDEX case_events_case ON case_events(case_id, seq);
CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events BEGIN SELECT RAISE(ABORT, 'case history is append-only'); END;
CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events BEGIN SELECT RAISE(ABORT, 'case history is append-only'); END;
`;

/** ISO-8601 text to ms since the epoch, in SQL (julianday keeps the milliseconds). */
const ISO_MS = (column: string): string => `CAST(round((julianday(${column}) - 2440587.5) * 86400000) AS INTEGER)`;

/**
 * Version 9: outbox retention (RINGTRACE_OUTBOX_RETENTION_DAYS). Each message
 * gets the time of its last state change, which retention counts from; rows
 * written before knew it only for sent ones (`sent_at`), so a failed one counts
 * from its last scheduled attempt and a disabled one from its creation. The
 * no-delete trigger becomes one that still refuses to delete a pending
 * message, whoever asks. A pruned message's final delivery is copied to its
 * alert (`alerts.delivery`, JSON), so the alert keeps saying how it went.
 */
const OUTBOX_RETENTION = `
DROP TRIGGER webhook_outbox_no_delete;
ALTER TABLE webhook_outbox ADD COLUMN state_changed_ms INTEGER NOT NULL DEFAULT 0;
UPDATE webhook_outbox SET state_changed_ms = CASE
  WHEN sent_at IS NOT NULL THEN ${ISO_MS('sent_at')}
  WHEN state = 'failed' THEN max(next_attempt_ms, ${ISO_MS('created_at')})
  ELSE ${ISO_MS('created_at')} END;
CREATE INDEX webhook_outbox_settled ON webhook_outbox(state, state_changed_ms);
CREATE TRIGGER webhook_outbox_keeps_pending BEFORE DELETE ON webhook_outbox WHEN OLD.state = 'pending'
  BEGIN SELECT RAISE(ABORT, 'the webhook outbox never deletes a pending message'); END;
ALTER TABLE alerts ADD COLUMN delivery TEXT;
`;

/** Index i holds the DDL that takes the schema from version i to i + 1. */
const MIGRATIONS: readonly string[] = [V1, V2, V3, TOKEN_LIFECYCLE, V5, INGEST_PROVENANCE, CASEWORK, SAVED_VIEWS, OUTBOX_RETENTION];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the file up to SCHEMA_VERSION; a no-op on a current file. */
export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(`the data file has schema version ${current}, newer than this ringtrace (${SCHEMA_VERSION})`);
  }
  for (let version = current; version < SCHEMA_VERSION; version += 1) {
    const ddl = MIGRATIONS[version] ?? '';
    db.transaction(() => {
      db.exec(ddl);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
}
