/**
 * Device fingerprints (`sellers.device_id`): what a marketplace records when
 * an account registers or logs in. Ring operators run several accounts from
 * the same few machines, so members draw from a small per-ring pool; families
 * often share the home computer; most honest sellers have a device of their
 * own or none in the export; and a few public kiosks (internet cafés,
 * marketplace help-desk terminals) are used by hundreds of unrelated sellers
 * — hubs that must not glue anyone together. Drawn from a stream of its own,
 * after every other column, so the rest of the export is what it was before
 * devices existed.
 */
import type { Coincidence, Family, Role } from './plan.ts';
import type { RingPlan } from './ring-plan.ts';
import type { Rng } from './rng.ts';

/** Sellers of each kind without a device in the export (older accounts, partial exports). */
const MISSING = 0.25;
/** Honest sellers who registered on a public kiosk (the marketplace's onboarding terminals in a few malls). */
const KIOSK_USE = 0.18;
const KIOSKS = 2;
/** Ring members on one of the ring's machines (the rest use their own or a kiosk). */
const RING_POOL_USE = 0.6;
const RING_KIOSK_USE = 0.05;
const FAMILY_SHARES = 0.5;

export interface DeviceAssigner {
  /** The device id seller `index` is recorded with, or null when absent. */
  deviceOf(index: number, role: Role | undefined): string | null;
  readonly kiosks: readonly string[];
  /** Per ring id: how many of its devices two or more members share (after every seller was drawn). */
  sharedDevices(ringId: string): number;
}

export function createDeviceAssigner(rng: Rng): DeviceAssigner {
  const fresh = (): string => `DV-${rng.hex(16)}`;
  const kiosks = Array.from({ length: KIOSKS }, () => `KIOSK-${rng.hex(12)}`);
  const pools = new Map<RingPlan, string[]>();
  const families = new Map<Family, string | null>();
  const offices = new Map<Coincidence, string>();
  const uses = new Map<string, Map<string, number>>();

  const ringDevice = (ring: RingPlan): string => {
    let pool = pools.get(ring);
    if (!pool) pools.set(ring, (pool = Array.from({ length: Math.max(1, Math.round(ring.members.length / 4)) }, fresh)));
    const device = rng.pick(pool);
    const counts = uses.get(ring.id) ?? new Map<string, number>();
    uses.set(ring.id, counts);
    counts.set(device, (counts.get(device) ?? 0) + 1);
    return device;
  };

  return {
    kiosks,
    deviceOf(_index, role) {
      if (rng.chance(MISSING)) return null;
      if (role?.kind === 'ring') {
        if (rng.chance(RING_POOL_USE)) return ringDevice(role.member.ring);
        return rng.chance(RING_KIOSK_USE) ? rng.pick(kiosks) : fresh();
      }
      if (role?.kind === 'coincidence' && role.group.kind === 'device') {
        let shared = offices.get(role.group);
        if (shared === undefined) offices.set(role.group, (shared = fresh()));
        return shared;
      }
      if (role?.kind === 'family') {
        if (!families.has(role.family)) families.set(role.family, rng.chance(FAMILY_SHARES) ? fresh() : null);
        const shared = families.get(role.family);
        if (shared) return shared;
      }
      return rng.chance(KIOSK_USE) ? rng.pick(kiosks) : fresh();
    },
    sharedDevices(ringId) {
      return [...(uses.get(ringId)?.values() ?? [])].filter((n) => n >= 2).length;
    },
  };
}
