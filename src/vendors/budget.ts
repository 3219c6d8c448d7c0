/** Upstream calls that may still be made by one read (a click stream page, a batch of lookups). */
export class CallBudget {
  private left: number;

  constructor(readonly total: number) {
    this.left = total;
  }

  /** Takes `calls` from the budget and says true, or takes nothing and says false when fewer are left. */
  take(calls = 1): boolean {
    if (calls > this.left) return false;
    this.left -= calls;
    return true;
  }

  /** Calls left. */
  get remaining(): number {
    return this.left;
  }
}
