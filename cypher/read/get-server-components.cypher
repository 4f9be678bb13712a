// Purpose: server name, version and edition for StoreLifecycle.info.
// @returns name: string, versions: list<string>, edition: string
CALL dbms.components() YIELD name, versions, edition
RETURN name, versions, edition
