/**
 * The Athena source as the provider holds it before the first query: a stand-in that imports the
 * real one (SQL, row mapping, the Athena client) on first use, so pages that never query Athena, and
 * the one-file bundle, carry none of it.
 */
import type { RefreshableCredentials } from '../credentials.js';
import type { Page, PageRequest, PageSource, ServiceCounter } from '../page-source.js';
import type { AthenaPageSource, AthenaSourceOptions } from './source.js';

export type AthenaOptions = Omit<AthenaSourceOptions, 'credentials'>;

export class LazyAthenaSource implements PageSource {
  readonly endpoint: string;
  readonly retentionMs = Number.POSITIVE_INFINITY;
  readonly billsScans = true;
  #real: Promise<AthenaPageSource> | undefined;
  #loaded: AthenaPageSource | undefined;
  #disposed = false;

  constructor(private readonly options: AthenaOptions, private readonly credentials: RefreshableCredentials) {
    this.endpoint = options.endpoint ?? `https://athena.${options.region}.amazonaws.com`;
  }

  /** The real source, loaded once. */
  load(): Promise<AthenaPageSource> {
    this.#real ??= import('./source.js').then(({ AthenaPageSource }) => {
      const real = new AthenaPageSource({ ...this.options, credentials: this.credentials });
      if (this.#disposed) real.dispose();
      this.#loaded = real;
      return real;
    }, (err: unknown) => {
      this.#real = undefined;
      throw err;
    });
    return this.#real;
  }

  async fetchPage(request: PageRequest): Promise<Page> {
    return (await this.load()).fetchPage(request);
  }

  counter(): Promise<ServiceCounter> {
    return this.load();
  }

  cancel(): void {
    this.#loaded?.cancel();
  }

  invalidateCredentials(): void {
    this.credentials.invalidate();
  }

  backOff(): void {}

  nextSlotIn(): number {
    return 0;
  }

  dispose(): void {
    this.#disposed = true;
    this.#loaded?.dispose();
    this.credentials.invalidate();
  }
}
