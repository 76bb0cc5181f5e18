import type { BackupManifest } from "./db-backup.mjs";
/** The backup's manifest, once every file in it matches its checksum; throws otherwise. */
export function verifyBackup(from: string): BackupManifest;
/** Restores a backup into an empty database and bucket; answers rows per table and each object's SHA-256 as read back. */
export function restore(options: {
  from: string;
  persistTo?: string;
  remote?: boolean;
  wipe?: boolean;
  log?: (line: string) => void;
}): Promise<{ tables: Record<string, number>; objects: Record<string, string> }>;
