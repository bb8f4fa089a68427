/** Addresses that asked for no more reply notifications from a site. */
export interface EmailUnsubscribeTable {
  site_id: string;
  /** Lower-cased email. */
  email_key: string;
  created_at: number;
}

/** Keys the server generated for itself, by name. */
export interface AppSecretTable {
  name: string;
  value: string;
  created_at: number;
}
