// Purpose: canonical display text of address keys.
// @param $keys list<string> address keys
// @returns key: string, text: string
UNWIND $keys AS key
MATCH (a:Address {key: key})
RETURN a.key AS key, a.text AS text
