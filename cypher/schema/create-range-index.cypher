// Purpose: a range index on one property of one node label, for lookups that are not by key. Idempotent.
// @template {{name}} index name, from the adapter's index table
// @template {{label}} Seller|Shop|Shipment|Report|Ring|Run|Token|AuditEntry|Ingest|Alert|OutboxMessage|Case|CaseEvent|CaseRing|SavedView
// @template {{property}} sellerId|shopId|runId|id|current|startedAt|at|hash|finishedAt|createdAt|alertId|state|updatedAt|caseId|ringId|owner
// @returns nothing
CREATE INDEX {{name}} IF NOT EXISTS FOR (n:{{label}}) ON (n.{{property}})
