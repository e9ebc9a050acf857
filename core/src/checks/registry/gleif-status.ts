import type { RegistryRecord } from './provider.js';

export interface GleifStatusInput {
  /** `entity.status` (API) / `Entity.EntityStatus` (golden copy): ACTIVE, INACTIVE, or NULL. */
  entityStatus: string | null | undefined;
  /** `registration.status` / `Registration.RegistrationStatus`. */
  registrationStatus: string | null | undefined;
  /** `entity.expiration.reason` / `Entity.EntityExpirationReason`, set once the entity is INACTIVE. */
  expirationReason?: string | null | undefined;
}

const ACTIVE_REGISTRATIONS = new Set(['ISSUED', 'LAPSED', 'TRANSFERRED', 'PENDING_TRANSFER', 'PENDING_ARCHIVAL']);
const UNUSABLE_REGISTRATIONS = new Set(['ANNULLED', 'DUPLICATE', 'CANCELLED', 'PENDING_VALIDATION']);

/**
 * GLEIF's two statuses as one registry status. `entity.status` says whether the entity still exists;
 * `registration.status` says how its LEI record is kept (LEI-CDF definitions). The entity decides first:
 *
 *   entity INACTIVE, expiration reason DISSOLVED or CORPORATE_ACTION (merged, acquired)  → dissolved
 *   entity INACTIVE, any other reason or none                                            → inactive
 *
 * then, for an ACTIVE (or NULL) entity, the registration:
 *
 *   ISSUED, TRANSFERRED, PENDING_TRANSFER, PENDING_ARCHIVAL → active
 *   LAPSED  → active: not renewed, so no longer re-validated, but "not known to have ceased operation";
 *             the detail keeps LAPSED for the analyst
 *   MERGED  → dissolved: merged into another entity, which "no longer exists as an operating entity"
 *   RETIRED → inactive: "ceased operation without having been merged"; a dissolution is not stated
 *   ANNULLED, DUPLICATE, CANCELLED, PENDING_VALIDATION → inactive: the LEI must not be used to identify
 *             the entity (erroneous, superseded, or never issued), so it vouches for nothing
 *
 * Any other value returns `null`: the caller reports it instead of guessing.
 */
export function gleifStatus(input: GleifStatusInput): { status: RegistryRecord['status']; detail: string } | null {
  const entity = (input.entityStatus ?? '').trim().toUpperCase() || 'NULL';
  const registration = (input.registrationStatus ?? '').trim().toUpperCase();
  const reason = (input.expirationReason ?? '').trim().toUpperCase();
  const detail = `entity ${entity}, registration ${registration || 'unknown'}${reason ? `, expired: ${reason}` : ''}`;
  if (entity === 'INACTIVE') {
    return { status: reason === 'DISSOLVED' || reason === 'CORPORATE_ACTION' ? 'dissolved' : 'inactive', detail };
  }
  if (entity !== 'ACTIVE' && entity !== 'NULL') return null;
  if (ACTIVE_REGISTRATIONS.has(registration)) return { status: 'active', detail };
  if (registration === 'MERGED') return { status: 'dissolved', detail };
  if (registration === 'RETIRED' || UNUSABLE_REGISTRATIONS.has(registration)) return { status: 'inactive', detail };
  return null;
}
