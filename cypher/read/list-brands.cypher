// Purpose: every brand named by a report, each once, in name order.
// @returns brand: string
MATCH (b:Brand)
RETURN b.name AS brand
ORDER BY brand
