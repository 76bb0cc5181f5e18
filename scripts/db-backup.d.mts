export interface BackupManifest {
  format: 1;
  createdAt: string;
  source: { remote: boolean; database: string; bucket: string; persistTo?: string };
  d1: { file: string; bytes: number; sha256: string; tables: Record<string, number> };
  r2: {
    bucket: string;
    count: number;
    bytes: number;
    objects: {
      key: string;
      file: string;
      size: number;
      sha256: string;
      httpMetadata: Record<string, unknown>;
      customMetadata: Record<string, string>;
    }[];
  };
}
/** Writes a backup of D1 and R2 into `out` (created; must be empty) and answers its manifest. */
export function backup(options: {
  out: string;
  persistTo?: string;
  remote?: boolean;
  log?: (line: string) => void;
}): Promise<BackupManifest>;
