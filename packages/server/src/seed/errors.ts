/** A refusal the CLI prints as it is (unknown county, no rural villages, already seeded). */
export class SeedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SeedError';
  }
}
