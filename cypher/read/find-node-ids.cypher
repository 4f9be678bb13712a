// Purpose: element ids of nodes by key, for graph expansion.
// @template {{label}} Seller|Shop|Address|PaymentAccount|Phone|Email|IdDocument|Device|Shipment|Report|Brand
// @template {{property}} id|key|number|address|hash|name
// @param $keys list<string>
// @param $preview int address variants sent per address (a hub address has thousands; the count comes apart)
// @returns elementId: string, labels: list<string>, props: map, variants: int or null (how many variants in all, AddressVariant nodes included)
UNWIND $keys AS key
MATCH (n:{{label}} {{{property}}: key})
RETURN elementId(n) AS elementId, labels(n) AS labels, properties(n {.*, variants: n.variants[0..$preview]}) AS props,
       size(n.variants) + COUNT { MATCH (v:AddressVariant) WHERE v.key = n.key AND v.raw IS NOT NULL } AS variants
