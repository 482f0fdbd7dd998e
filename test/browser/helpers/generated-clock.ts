/**
 * Generated test data at a fixed time. The emulator's generator follows its clock's hour and
 * weekday (working hours are busier), so how many of N generated events land in us-east-1, or in
 * the last day, changes with the time a test runs: a test that counts them passes at some hours
 * and fails at others. Every instance the tests generate is made as if the clock read
 * GENERATED_AT (`generate.at`), then shifted so the newest event is a minute before now: the same
 * events at any hour (test/node/generated-clock.test.ts checks each hour of a week).
 */
import type { InstanceOptions } from 'cloudtrail-elements-emulator';

/** A Monday 04:30 UTC: across the counts and seeds the tests use, no Region count sits near its weekly low there. */
export const GENERATED_AT = '2026-11-16T04:30:00Z';

/** The options with `generate.at` set to GENERATED_AT when they generate data and name no time of their own. */
export function atFixedClock<T extends InstanceOptions>(options: T): T {
  if (options.events !== undefined || options.records !== undefined || options.generate?.at !== undefined) return options;
  return { ...options, generate: { ...options.generate, at: GENERATED_AT } };
}
