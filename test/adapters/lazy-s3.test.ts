/** The S3 client is built on first use, once per source: adapters wired with the same source share it and its sockets. */
import { commonClientConfig } from '../../lambda/adapters/common/clients';
import { lazyS3Client } from '../../lambda/adapters/s3/lazy-s3';

test('builds one client per source, shared by every adapter given it, and another for another source', async () => {
  const source = { config: commonClientConfig({ region: 'eu-west-1', credentials: { accessKeyId: 'A', secretAccessKey: 'B' } }), endpointGiven: false };
  const [first, second] = await Promise.all([lazyS3Client(source)(), lazyS3Client(source)()]);
  expect(first).toBe(second);
  const other = await lazyS3Client({ ...source })();
  expect(other).not.toBe(first);
  first.destroy();
  other.destroy();
});
