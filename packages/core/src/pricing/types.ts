/** USD per token (per unit for guardrail policies). */
export interface TokenPrices {
  input: number;
  output: number;
  cacheRead?: number;
  /** 5-minute cache write (the default TTL) */
  cacheWrite5m?: number;
  cacheWrite1h?: number;
}

export interface ModelPrice extends TokenPrices {
  /** prices that apply to the whole call when its input (uncached + cache read + cache write) exceeds 200k tokens */
  above200k?: TokenPrices;
  /** the table key (or model id, for an override-only price) the price was found under; set by `lookupPrice` */
  id?: string;
}

export interface PriceTable {
  /** where the numbers come from, and when they were taken */
  source: string;
  date: string;
  /** model id or inference-profile id → prices */
  models: Record<string, ModelPrice>;
  /** ApplyGuardrail: USD per policy unit, keyed by the usage field name (`contentPolicyUnits`, ...) */
  guardrailUnits?: Record<string, number>;
  /** where the guardrail unit prices come from (kept apart: the model prices are refreshed from another source) */
  guardrailUnitsSource?: string;
  /** how the numbers were chosen where the source was silent or inconsistent */
  notes?: string[];
}

/** The priced cost of one call, or why it could not be priced. Never a silent 0. */
export type CostResult =
  | { status: "priced"; cost: number; priceId: string }
  | { status: "free"; cost: 0 }
  | { status: "unpriced"; reason: string };
