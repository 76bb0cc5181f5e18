export const demoUsers: { email: string; username: string; name: string; password: string; role?: "moderator" | "admin" }[];
export function adminSession(baseUrl: string): Promise<{ accessToken: string; refreshToken: string; user: { id: string } }>;
export function seed(
  baseUrl: string,
  options?: { markerPath?: string; log?: (line: string) => void; onSeeding?: () => void },
): Promise<{
  skipped: boolean;
  movies: number;
  series: number;
  theaters: number;
  playable: { movies: number; episodes: number } | null;
}>;
