/** What the REST router (api.ts) hands a resource module: one authenticated request. */
import type { ServerResponse } from 'node:http';
import type { EmulatorAccount } from '../auth/test-accounts.js';
import type { Params } from './params.js';

export interface RestRequest {
  method: string;
  /** The path's segments, decoded. */
  segs: string[];
  account: EmulatorAccount;
  /** The request's fields (body and query); parsed on first use, RestError 400 on a bad JSON body. */
  params(): Params;
  res: ServerResponse;
}

export interface RestResource {
  /** Whether the path (not decoded) is this resource's. */
  owns(path: string): boolean;
  /** Answers the request, or throws a RestError. */
  handle(r: RestRequest): void | Promise<void>;
  close?(): void;
}
