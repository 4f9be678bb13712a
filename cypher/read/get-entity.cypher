// Purpose: one node of the typed graph by its key, with its properties.
// @template {{label}} Seller|Shop|Address|PaymentAccount|Phone|Email|IdDocument|Shipment|Report|Brand
// @template {{property}} id|key|number|address|hash|name
// @param $key string
// @returns props: map
MATCH (n:{{label}} {{{property}}: $key})
RETURN properties(n) AS props
LIMIT 1
