/**
 * Series ids by series key, remembered so an ingest asks the database once per series, not once per
 * answer. A transaction learns into a layer of its own, handed down (`keep`) only once it committed:
 * an id of a series created in a transaction that rolled back (or is being run again) is never used.
 */
export class SeriesIds {
  private readonly own = new Map<string, number>();

  constructor(private readonly parent?: SeriesIds) {}

  get(key: string): number | undefined {
    return this.own.get(key) ?? this.parent?.get(key);
  }

  set(key: string, id: number): void {
    this.own.set(key, id);
  }

  /** A layer for a transaction inside this one. */
  layer(): SeriesIds {
    return new SeriesIds(this);
  }

  /** The transaction of this layer committed: what it learned holds for the one around it. */
  keep(): void {
    if (!this.parent) return;
    for (const [key, id] of this.own) this.parent.set(key, id);
  }
}
