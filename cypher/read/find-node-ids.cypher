// Purpose: element ids of nodes by key, for graph expansion.
// @template {{label}} Seller|Shop|Address|PaymentAccount|Phone|Email|IdDocument|Shipment|Report|Brand
// @template {{property}} id|key|number|address|hash|name
// @param $keys list<string>
// @returns elementId: string, labels: list<string>, props: map
UNWIND $keys AS key
MATCH (n:{{label}} {{{property}}: key})
RETURN elementId(n) AS elementId, labels(n) AS labels, properties(n) AS props
