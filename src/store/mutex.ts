/** Queues async holders one at a time; `idle()` settles once nobody holds or waits. */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();
  private holders = 0;

  get busy(): boolean {
    return this.holders > 0;
  }

  async acquire(): Promise<() => void> {
    this.holders++;
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    return () => {
      this.holders--;
      release();
    };
  }

  idle(): Promise<void> {
    return this.tail;
  }
}
