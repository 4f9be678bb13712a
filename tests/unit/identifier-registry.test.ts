/**
 * The identifier registry is the one place that says what an identifier type
 * is; these tests pin what the rest of the code derives from it, and show that
 * an incomplete registry does not compile.
 */
import { describe, expect, it } from 'vitest';
import {
  ADDRESS_ROLE_RELATIONSHIP,
  EDGE_TYPES,
  IDENTIFIER_TYPES,
  IDENTIFIERS,
  LINKING_NODE_TYPES,
  NODE_TYPE_SPECS,
  NODE_TYPES,
  PERSONAL_NODE_TYPES,
  RING_TIE_ORDER,
  TYPE_WEIGHTS,
  type IdentifierSpec,
  type IdentifierType,
  type NodeType,
  type NodeTypeSpec,
} from '../../engine/index.ts';
import { ADDRESS_TYPES } from '../../engine/detect/weights.ts';
import { IDENTIFIER_LINKS, NODE_LABELS, UNIQUENESS } from '../../engine/store/neo4j/node-types.ts';
import { SELLER_IDENTIFIER_COLUMNS } from '../../engine/store/embedded/seller-identifier-columns.ts';
import { VISIBLE_ATTRIBUTES } from '../../api/http/access/mask.ts';
import { NODE_STYLES, LEGEND_ORDER } from '../../viz/render/theme.ts';

describe('identifier registry', () => {
  it('when a type is missing from the registry, then it does not compile', () => {
    const { device: _device, ...withoutDevice } = IDENTIFIERS;
    // @ts-expect-error every identifier type needs a record
    const incomplete: { readonly [T in IdentifierType]: IdentifierSpec } = withoutDevice;
    const { device: _node, ...withoutDeviceNode } = NODE_TYPE_SPECS;
    // @ts-expect-error every node type needs a record
    const incompleteNodes: { readonly [T in NodeType]: NodeTypeSpec } = withoutDeviceNode;
    const { device: _visible, ...withoutDeviceMask } = VISIBLE_ATTRIBUTES;
    // @ts-expect-error the masking allow-list is complete by node type too
    const incompleteMask: typeof VISIBLE_ATTRIBUTES = withoutDeviceMask;
    expect([incomplete, incompleteNodes, incompleteMask].every((x) => typeof x === 'object')).toBe(true);
  });

  it('when the registry is read, then every type names a known node type and relationship, and weights are the documented ones', () => {
    for (const type of IDENTIFIER_TYPES) {
      const spec = IDENTIFIERS[type];
      expect(NODE_TYPES, type).toContain(spec.node);
      expect(EDGE_TYPES, type).toContain(spec.relationship);
      expect(spec.weight, type).toBeGreaterThan(0);
      expect(spec.weight, type).toBeLessThanOrEqual(1);
      expect(TYPE_WEIGHTS[type]).toBe(spec.weight);
      expect(spec.display.length, type).toBeGreaterThan(0);
    }
    expect(TYPE_WEIGHTS).toEqual({
      id_document: 1.0, payment_account: 0.9, device: 0.8, warehouse_address: 0.7, shipment_origin: 0.6,
      email: 0.4, return_address: 0.35, registered_address: 0.3, phone: 0.3, pickup_address: 0.25,
    });
  });

  it('when lists are derived, then places, control, personal and linking types come out as the model says', () => {
    expect([...ADDRESS_TYPES].sort()).toEqual(['pickup_address', 'registered_address', 'return_address', 'shipment_origin', 'warehouse_address']);
    expect(IDENTIFIER_TYPES.filter((t) => IDENTIFIERS[t].control).sort()).toEqual(['device', 'id_document', 'payment_account']);
    expect([...PERSONAL_NODE_TYPES].sort()).toEqual(['device', 'email', 'id_document', 'payment_account', 'phone']);
    expect([...LINKING_NODE_TYPES].sort()).toEqual(['address', 'device', 'email', 'id_document', 'payment_account', 'phone']);
    expect(RING_TIE_ORDER).toEqual(['shop', 'payment_account', 'id_document', 'device', 'address', 'phone', 'email']);
    expect(ADDRESS_ROLE_RELATIONSHIP).toEqual({ registered: 'REGISTERED_AT', return: 'RETURNS_TO', warehouse: 'WAREHOUSE_AT', pickup: 'PICKUP_AT' });
  });

  it('when the stores derive their tables, then every seller-level type has a Neo4j link and every seller field an embedded column', () => {
    expect(IDENTIFIER_LINKS.map((l) => l.type)).toEqual(IDENTIFIER_TYPES.filter((t) => t !== 'shipment_origin'));
    expect(IDENTIFIER_LINKS.find((l) => l.type === 'device')).toEqual({ type: 'device', label: 'Device', property: 'id', rel: 'USES_DEVICE', sellerField: 'deviceId' });
    expect(NODE_LABELS.device).toEqual({ label: 'Device', key: 'id' });
    expect(UNIQUENESS).toContainEqual({ label: 'Device', property: 'id' });
    expect(SELLER_IDENTIFIER_COLUMNS.map((c) => [c.type, c.column])).toEqual([
      ['id_document', 'id_number_hash'], ['phone', 'phone'], ['email', 'email'], ['device', 'device_id'],
    ]);
  });

  it('when the explorer styles node types, then every type has a glyph, a registry name and a legend place', () => {
    for (const type of NODE_TYPES) {
      expect(NODE_STYLES[type].name).toBe(NODE_TYPE_SPECS[type].plural);
      expect(LEGEND_ORDER).toContain(type);
    }
    expect(new Set(LEGEND_ORDER).size).toBe(NODE_TYPES.length);
    expect(NODE_TYPE_SPECS.address.singular).toBe('Address');
  });
});
