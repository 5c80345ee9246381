import { OncallOverride } from '@firebreak/plugin-incidents-common';

/** An on-call override to store. */
export interface NewOncallOverride {
  groupRef: string;
  userRef: string;
  startsAt: Date;
  endsAt: Date;
  reason?: string;
  createdBy: string;
}

/** Persistence of on-call overrides (the `oncall_overrides` table). SQL only. */
export interface OncallOverrideStore {
  createOncallOverride(override: NewOncallOverride): Promise<OncallOverride>;
  /** Overrides of these groups that overlap [from, to), ordered by startsAt. */
  listOncallOverrides(options: {
    groupRefs?: string[];
    from?: Date;
    to?: Date;
  }): Promise<OncallOverride[]>;
  getOncallOverride(id: number): Promise<OncallOverride | undefined>;
  deleteOncallOverride(id: number): Promise<boolean>;
}
