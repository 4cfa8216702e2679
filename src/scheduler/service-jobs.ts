import type { Job } from './job.js';

export interface ServiceJobsDeps {
  /** POLL_CRON and NOTICE_POLL_CRON. */
  pollCron: string;
  noticePollCron: string;
  poll(options: { kind: 'trade' | 'notice'; signal: AbortSignal }): Promise<unknown>;
  /** What follows every poll: evaluate the watchlists, then deliver what is due. */
  evaluateAndDeliver(): Promise<unknown>;
  housekeeping(): Promise<unknown>;
}

/** The service's scheduled work, as data: trade and notice polls (each then evaluates), and housekeeping. */
export function serviceJobs(deps: ServiceJobsDeps): Job[] {
  const pollThenEvaluate =
    (kind: 'trade' | 'notice') =>
    async (signal: AbortSignal): Promise<void> => {
      await deps.poll({ kind, signal });
      await deps.evaluateAndDeliver();
    };
  return [
    { name: 'poll-trade', cron: deps.pollCron, catchUp: true, run: pollThenEvaluate('trade') },
    { name: 'poll-notices', cron: deps.noticePollCron, catchUp: true, run: pollThenEvaluate('notice') },
    {
      name: 'housekeeping',
      cron: '17 3 * * *',
      run: async () => {
        await deps.housekeeping();
      },
    },
  ];
}

/** The job that polls a source: trade sources poll on one job, notice sources on another. */
export function pollJobOf(source: string, tradeSources: readonly string[]): 'poll-trade' | 'poll-notices' {
  return tradeSources.includes(source) ? 'poll-trade' : 'poll-notices';
}
