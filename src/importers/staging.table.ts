/** A comment met before its parent during an import run, waiting for the parent (see importers/common.ts). */
export interface ImportStagingTable {
  run_id: string;
  /** Order in the file. */
  seq: number;
  parent_key: string;
  /** JSON of the normalized comment record. */
  payload: string;
}
