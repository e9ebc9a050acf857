import { RetryableCheckError } from '../check.js';
import type { RegistryLookup, RegistryProvider } from './provider.js';

/**
 * The test-mode registry: answers every jurisdiction so integrators can produce each outcome on purpose.
 * Magic values (README, "Test mode"):
 *   registration id `000000`            → not_found
 *   supplier containing `Dissolved`     → dissolved
 *   supplier containing `Inactive`      → inactive
 *   supplier containing `Registry Down` → the registry times out on every attempt → unavailable
 *   anything else                       → active, legal name = the supplier as ordered
 */
/** The test-mode registration id that no registry knows; accepted in every jurisdiction in test mode. */
export const SIMULATED_NOT_FOUND_ID = '000000';

export const simulatedRegistry: RegistryProvider = {
  name: 'KeyBS simulated registry (test mode)',
  covers: () => true,
  async lookup({ registrationId, supplier }): Promise<RegistryLookup> {
    if (/registry down/i.test(supplier)) throw new RetryableCheckError('simulated registry timeout');
    if (registrationId.trim() === SIMULATED_NOT_FOUND_ID) return { found: false };
    const status = /dissolved/i.test(supplier) ? 'dissolved' : /inactive/i.test(supplier) ? 'inactive' : 'active';
    return {
      found: true,
      record: {
        status,
        legalName: supplier.trim(),
        registrationId: registrationId.trim(),
        incorporatedOn: null,
        address: null,
        owners: null,
      },
    };
  },
};
