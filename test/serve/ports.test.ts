import { describe, expect, test } from 'vitest';
import { isLoopbackHost, isLoopbackUrl } from '../../src/serve/ports.js';

describe('loopback detection (what counts as a local mock, where verify may mutate)', () => {
  test.each(['http://127.0.0.1:8030', 'http://127.1.2.3/', 'http://localhost:5000', 'http://[::1]:19999'])('%s is loopback', (url) => {
    expect(isLoopbackUrl(url)).toBe(true);
  });

  test.each([
    'http://127.example.com:8030', // a host name that merely starts like a loopback address
    'http://10.0.0.5:5000',
    'http://fe.example:8030',
    'http://{host}:{port}', // a templated server URL from a spec
    'not a url',
  ])('%s is not loopback', (url) => {
    expect(isLoopbackUrl(url)).toBe(false);
  });

  test('binding 0.0.0.0 is not loopback (the mock command warns about it)', () => {
    expect(isLoopbackHost('0.0.0.0')).toBe(false);
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
  });
});
