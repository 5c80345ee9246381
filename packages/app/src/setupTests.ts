import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// findBy/waitFor give up after this long. A safety stop, not a speed check: the suite
// runs on shared two-core machines, where a page's first render can take several
// seconds; Testing Library's 1 s default failed there. Jest's own per-test stop is the
// root package.json's `jest.testTimeout`.
configure({ asyncUtilTimeout: 30_000 });
