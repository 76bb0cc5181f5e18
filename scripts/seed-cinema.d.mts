export const premiumLayout: { rows: string[] };
export function seedCinema(baseUrl: string, token: string): Promise<{ theaterIds: string[]; scheduled: number }>;
