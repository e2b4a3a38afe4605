import { Injectable } from '@nestjs/common';
import { AppError } from '../errors/app-error.js';

/**
 * Dependency inversion between domain libraries that must not import each other (DESIGN.md §1): a downstream library
 * (certificate, reporting) declares the port it needs — an interface in core or contracts and a `PortKey` naming it —
 * and the library that owns the data (contest, live-contest, course) provides it at start (`onModuleInit`). The
 * consumer looks the port up when it needs it, so neither module imports the other and each keeps its own tables.
 */
export class PortKey<T> {
  // The phantom field keeps `PortKey<A>` and `PortKey<B>` apart for the type checker.
  declare private readonly portType?: T;
  constructor(readonly name: string) {}
}

@Injectable()
export class PortRegistry {
  private readonly ports = new Map<PortKey<unknown>, unknown>();

  provide<T>(key: PortKey<T>, implementation: T): void {
    if (this.ports.has(key)) throw new Error(`port ${key.name} is provided twice`);
    this.ports.set(key, implementation);
  }

  /** The port's implementation; `undefined` when no module of this app provides it. */
  find<T>(key: PortKey<T>): T | undefined {
    return this.ports.get(key) as T | undefined;
  }

  get<T>(key: PortKey<T>): T {
    const port = this.find(key);
    if (port === undefined) throw new AppError('INTERNAL_ERROR', { port: key.name });
    return port;
  }
}
