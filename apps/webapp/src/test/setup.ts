import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { navigate } from '../app/router';

// vitest runs without globals, so testing-library cannot register its own cleanup.
// Pure-logic test files run in the `node` environment (no window) and need none of it.
afterEach(() => {
  if (typeof window === 'undefined') return;
  cleanup();
  window.sessionStorage.clear();
  navigate('/', {}, true);
});
