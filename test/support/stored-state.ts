/** A region's state as the emulated bucket holds it: its gzip bytes, decoded the way the state store reads them. */
import { gunzipSync } from 'node:zlib';
import type { AccountModel } from '../../emulator/aws/account';
import { bytesOf } from '../../emulator/aws/services/s3-common';
import { decodeState, type StateDocument } from '../../lambda/adapters/s3/state-document';
import type { RegionState } from '../../lambda/core/collected';

export function storedState(account: AccountModel, bucket: string, region: string, prefix = 'state/'): RegionState | undefined {
  const object = account.s3?.buckets[bucket]?.[`${prefix}${region}.json.gz`];
  if (!object) return undefined;
  return decodeState(JSON.parse(gunzipSync(bytesOf(object)).toString('utf8')) as StateDocument);
}
