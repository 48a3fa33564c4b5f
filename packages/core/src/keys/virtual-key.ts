/** A gateway-issued key, as stored (the key itself never is: only its SHA-256). */
export interface VirtualKey {
  /** SHA-256 hex of the key */
  keyHash: string;
  /** `sk-...` plus the last 4 characters, for display */
  keyPreview: string;
  keyAlias?: string;
  /** allowed models: config model groups, raw ids, ARNs or glob patterns (`anthropic.*`); empty = all */
  models: string[];
  /** allowed agent-runtime resources (agent ids, knowledge base ids, flow ids, guardrail ids; patterns allowed); empty = all */
  agentResources: string[];
  /** USD for the current budget window (or for all time without `budgetDuration`) */
  maxBudget?: number;
  /** `30s`, `30m`, `30h`, `30d`, `1mo` */
  budgetDuration?: string;
  /** when the current budget window started */
  budgetStartedAt?: Date;
  rpmLimit?: number;
  tpmLimit?: number;
  maxParallelRequests?: number;
  expiresAt?: Date;
  userId?: string;
  teamId?: string;
  metadata: Record<string, unknown>;
  tags: string[];
  blocked: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface KeyListFilter {
  userId?: string;
  teamId?: string;
  keyAlias?: string;
  /** 1-based */
  page?: number;
  /** default 100, max 1000 */
  size?: number;
}

/** Keys live in the same database as spend logs (a later migration of the same store). */
export interface KeyStore {
  /** rejects with a KeyConflictError when the alias (or hash) exists */
  createKey(key: VirtualKey): Promise<void>;
  getKey(keyHash: string): Promise<VirtualKey | undefined>;
  getKeyByAlias(alias: string): Promise<VirtualKey | undefined>;
  listKeys(filter: KeyListFilter): Promise<{ keys: VirtualKey[]; total: number }>;
  /** applies the fields given (undefined = unchanged, null = cleared); rejects with KeyConflictError on a duplicate alias */
  updateKey(keyHash: string, patch: KeyPatch): Promise<VirtualKey | undefined>;
  /** moves a key to a new hash (regenerate), keeping everything else */
  rehashKey(oldHash: string, newHash: string, newPreview: string): Promise<VirtualKey | undefined>;
  deleteKeys(keyHashes: readonly string[]): Promise<number>;
  /** spend of a key in spend_logs since a time (budget windows after a restart) */
  sumSpend(keyHash: string, since?: Date): Promise<number>;
}

export type KeyPatch = {
  [K in keyof Omit<VirtualKey, "keyHash" | "keyPreview" | "createdAt">]?: VirtualKey[K] | null;
};

/**
 * How messages name a key: its alias in quotes, else its preview (never the key).
 *
 * @example
 * `Key ${keyName(key)} is blocked.` // Key "ci-bot" is blocked.  /  Key sk-...a1b2 is blocked.
 */
export function keyName(key: Pick<VirtualKey, "keyAlias" | "keyPreview">): string {
  return key.keyAlias ? `"${key.keyAlias}"` : key.keyPreview;
}
