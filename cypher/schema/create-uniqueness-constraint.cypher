// Purpose: a uniqueness constraint on one key property of one node label (also backs MERGE lookups with an index). Idempotent.
// @template {{name}} constraint name, from the adapter's node table
// @template {{label}} Seller|Shop|Address|PaymentAccount|Phone|Email|IdDocument|Device|Shipment|Report|Brand|Ring|Run|Token|TokenName|AuditEntry|RunLock|Ingest|Alert|OutboxMessage|Case|CaseEvent|CaseRing|SavedView
// @template {{property}} id|key|number|address|hash|name|uid
// @returns nothing
CREATE CONSTRAINT {{name}} IF NOT EXISTS FOR (n:{{label}}) REQUIRE n.{{property}} IS UNIQUE
