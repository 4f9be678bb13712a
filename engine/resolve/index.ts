/**
 * Identifier resolution: turns the free-text identifiers of an export
 * (addresses, phones, emails) into the canonical values the graph links on.
 * The ingest pipeline and the HTTP search both call these, so that a search
 * for any variant finds the node every variant was loaded into.
 */
export { resolveAddress, addressKey, checkAddress, type AddressCheck } from './address.ts';
export { normalizePhone } from './phone.ts';
export { normalizeEmail } from './email.ts';
