// Measured transformer powers (issue 3 telemetry) used to replace the estimated load below a transformer.
export interface TransformerReading {
  pKw: number;
  qKvar: number;
  /** Measurement time (ISO 8601 or epoch ms as written by packages/telemetry). */
  timestamp: string;
}

export interface TelemetrySource {
  /** Latest readings of the given transformers (COD_ID of UNTRMT); absent codes have none. */
  latest(codes: readonly string[]): Promise<Map<string, TransformerReading>>;
}
