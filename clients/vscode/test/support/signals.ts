import { Event } from 'vscode-jsonrpc/node';

/** Every await in a test runs under one of these: a signal, or a clear failure naming what never came. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Resolves with the first event that satisfies the predicate. */
export function next<T>(event: Event<T>, predicate: (value: T) => boolean = () => true, ms = 20_000, what = 'an event'): Promise<T> {
  let subscription: { dispose(): void } | undefined;
  const promise = new Promise<T>((resolve) => {
    subscription = event((value) => {
      if (predicate(value)) {
        resolve(value);
      }
    });
  });
  return withTimeout(promise, ms, what).finally(() => subscription?.dispose());
}
